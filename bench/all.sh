#!/usr/bin/env bash
# Every benchmark in turn, each bounded in time: the metric lines of all of
# them on stdout (`name value unit`), their logs on stderr, then a last
# stderr line per script that failed or timed out. Exits 1 if any did.
# Run by hand or as a CI step of its own (not part of `make test`):
#   bench/all.sh > bench/out/figures.txt
# A subset: bench/all.sh first-list listing
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

# script, time limit in seconds
all=(
  "synth 900"
  "tests 1800"
  "web-bundle 600"
  "first-list 660"
  "upload 1260"
  "uploads-many 1560"
  "uploads-wire 960"
  "listing 660"
)
want=("$@")
{
  echo "== $(date -u '+%Y-%m-%d %H:%M UTC'); $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)"
  echo "== git $(git -C "$here/.." rev-parse --short HEAD 2>/dev/null)$(git -C "$here/.." diff --quiet 2>/dev/null || echo ' (with uncommitted changes)')"
} >&2
failed=()
child=""
trap '[ -n "$child" ] && kill -TERM "$child" 2>/dev/null; exit 130' INT TERM
for entry in "${all[@]}"; do
  read -r name limit <<<"$entry"
  if [ ${#want[@]} -gt 0 ] && [[ " ${want[*]} " != *" $name "* ]]; then continue; fi
  echo "== bench/$name.sh (at most ${limit} s; load average $(cut -d' ' -f1-3 /proc/loadavg))" >&2
  start=$SECONDS
  timeout --kill-after=30 "$limit" "$here/$name.sh" &
  child=$!
  rc=0
  wait "$child" || rc=$?
  child=""
  echo "== bench/$name.sh: exit $rc after $((SECONDS - start)) s" >&2
  [ "$rc" = 0 ] || failed+=("$name (exit $rc$([ "$rc" = 124 ] && echo ', timed out'))")
done
for f in "${failed[@]}"; do echo "bench/all.sh: failed: $f" >&2; done
[ ${#failed[@]} -eq 0 ]
