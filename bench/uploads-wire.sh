#!/usr/bin/env bash
# Where the ceiling is for many small files in a browser, without the
# browser: the app's PUTs (SigV4, If-None-Match: *, CRC32) from a Node client
# under Chromium's rules (6 connections to the host, a CORS preflight before
# each PUT to a new key), the same without preflights, with the CLI's 10
# connections, and `aws s3 cp --recursive`, alternating, RUNS (3) rounds, for
# FILES (2000) files of SIZE (4096) bytes, to the same stand-in. Prints files/s
# of each and its ratio to the CLI. Starts its own stand-in; bounded by
# BENCH_TIMEOUT (900 s). Prints one `name value unit` line per metric.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib/browser.sh"
bench_aws_cli
bench_tmp
bench_node "${BENCH_TIMEOUT:-900}" local/bench/uploads-wire.mjs
