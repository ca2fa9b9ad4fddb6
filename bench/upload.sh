#!/usr/bin/env bash
# Upload throughput in the local preview: a UPLOAD_MIB (256) MiB file of
# random bytes uploaded through the app's file picker in headless Chromium,
# with the app's own part size (web/src/lib/format.ts partSizeFor) and
# parallelism (web/src/aws/s3.ts queueSize), and in the same run with
# Debian's AWS CLI (`aws s3 cp`, /usr/bin/aws; AWS_CLI to override) to the
# same endpoint with the same user's identity-pool credentials
# (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN), path-style,
# the same part size, in a temporary AWS_CONFIG_FILE: once with the CLI's
# default concurrency and once with the app's. RUNS (3) alternating rounds,
# medians; prints the rates in MiB/s and the app/CLI ratio (target >= 0.7).
# Every stored object is checked byte for byte against the file. Starts its
# own stand-in on free loopback ports; bounded by BENCH_TIMEOUT (1200 s).
# PROFILE=1 logs where the page's main thread spends an upload (stderr).
# Prints one `name value unit` line per metric.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib/browser.sh"
bench_aws_cli
bench_tmp
bench_node "${BENCH_TIMEOUT:-1200}" local/bench/upload.mjs
