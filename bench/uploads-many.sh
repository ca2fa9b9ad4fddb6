#!/usr/bin/env bash
# Many files: the same folder dropped on the app in headless Chromium (a real
# folder drag from disk) and sent with `aws s3 cp --recursive` (Debian's AWS
# CLI, /usr/bin/aws; AWS_CLI to override) to the same stand-in with the same
# user's identity-pool credentials, alternating, RUNS (3) rounds each, for
# 2,000 files of 4 KiB and 200 files of 1 MiB (SETS="2000x4096 200x1048576").
# Prints files/s for both, the ratio app/CLI (target >= 1.0), the time from
# the drop to the first file done (target < 1 s), and what bounds the
# browser: requests in flight, preflights per file, requests per second.
# PROFILE=1 logs where the page's main thread spends one more run (stderr).
# Starts its own stand-in on free loopback ports; bounded by BENCH_TIMEOUT
# (1500 s). Prints one `name value unit` line per metric.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib/browser.sh"
bench_aws_cli
bench_tmp
bench_node "${BENCH_TIMEOUT:-1500}" local/bench/uploads-many.mjs
