#!/usr/bin/env bash
# Paging through a folder of OBJECTS (10,000) small objects in the local
# preview: in headless Chromium, a cold load of the signed-in app (as
# first-list.sh) to the first page of rows, then "Next" until the last page
# is shown; the time of the first page, of the last page and of each page
# turn. Objects go straight into the stand-in's in-memory store (through the
# endpoint, 10,000 PUTs would time the seeding, not the listing); every
# ListObjectsV2 the app sends is SigV4-checked and IAM-evaluated as usual.
# PAGE_SIZES ("100 500"): the app's default page size from navigation
# start; other sizes from the change of "Per page". RUNS (3) runs each,
# medians. Starts its own stand-in on free loopback ports; bounded by
# BENCH_TIMEOUT (600 s). Prints one `name value unit` line per metric.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib/browser.sh"
bench_node "${BENCH_TIMEOUT:-600}" local/bench/listing.mjs
