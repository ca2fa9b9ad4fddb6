#!/usr/bin/env bash
# Test-suite time with a warm Go build cache: every Go package (uncached
# results, -count=1) timed on its own, then the web app's unit tests, then
# the whole non-browser suite. Prints one `name value unit` line per metric.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
[ -x .toolchain/node_modules/.bin/node ] || npm ci --prefix .toolchain --no-audit --no-fund >&2
export PATH="$root/.toolchain/node_modules/.bin:$PATH" JSII_NODE="$root/.toolchain/node_modules/.bin/node"
go test -count=1 -run XXX_WARM_ONLY ./... >/dev/null # warm the build cache
TIMEFORMAT='%R'
seconds() { { time "$@" >/dev/null 2>&1 ; } 2>&1; }
total=0
for pkg in $(go list ./... ); do
  name="${pkg#github.com/privatefolders/privatefolders}"; name="${name#/}"; name="${name:-main}"
  s=$(seconds go test -count=1 "$pkg")
  total=$(awk -v a="$total" -v b="$s" 'BEGIN {print a + b}')
  echo "test_go_${name//\//_} $s s"
done
echo "test_go_sum_of_packages $total s"
echo "test_go_all_parallel $(seconds go test -count=1 ./...) s"
[ -d web/node_modules ] || (cd web && npm ci --no-audit --no-fund >&2)
echo "test_web_unit $(cd web && seconds npm test) s"
