#!/usr/bin/env bash
# Time to first list in the local preview: a cold page load of the app in
# headless Chromium (a new browser context per run: empty cache, new
# connections) for a user who is already signed in (valid tokens in the
# app's session storage, as after reloading the tab that signed in; the app
# still fetches config.json and identity-pool credentials, as on every
# load), with FILES (100) files in the user's folder, put through the S3
# endpoint with the user's own credentials. Measured in the page, from
# navigation start to the 100th row of the list in the DOM with a layout
# box, at the next animation frame. One warm-up run, then RUNS (20) runs;
# prints median and p95 (nearest rank). Target: median under 1.5 s.
# Starts its own stand-in on free loopback ports; bounded by BENCH_TIMEOUT
# (600 s). Prints one `name value unit` line per metric.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib/browser.sh"
bench_node "${BENCH_TIMEOUT:-600}" local/bench/first-list.mjs
