#!/usr/bin/env bash
# Synth overhead over the floor: the wall and CPU time of synthesizing the
# full stack versus an empty Go CDK app on the same versions, alternating,
# PAIRS pairs (default 5), each a fresh process as `cdk synth` runs it. The
# web app's npm build is skipped (it is asset bundling, measured apart by
# web-bundle.sh). Prints one `name value unit` line per metric.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
pairs="${PAIRS:-5}"
[ -x .toolchain/node_modules/.bin/node ] || npm ci --prefix .toolchain --no-audit --no-fund >&2
export PATH="$root/.toolchain/node_modules/.bin:$PATH" JSII_NODE="$root/.toolchain/node_modules/.bin/node"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
go build -o "$work/app" . && go build -o "$work/empty" ./bench/emptyapp
# What the CLI hands the app: cdk.json's context, with bundling skipped.
context="$(node -e 'const c=require("./cdk.json").context; c["aws:cdk:bundling-stacks"]=[]; process.stdout.write(JSON.stringify(c))')"

TIMEFORMAT='%R %U %S'
measure() { # binary -> "wall cpu"
  local t
  t=$( { time CDK_CONTEXT_JSON="$context" CDK_OUTDIR="$work/out-$RANDOM" "$1" >/dev/null 2>&1 ; } 2>&1 )
  read -r wall user sys <<<"$t"
  echo "$wall $(awk -v u="$user" -v s="$sys" 'BEGIN {print u + s}')"
}
full_wall=(); full_cpu=(); empty_wall=(); empty_cpu=()
measure "$work/app" >/dev/null # warm the file cache once
for _ in $(seq "$pairs"); do
  read -r w c < <(measure "$work/empty"); empty_wall+=("$w"); empty_cpu+=("$c")
  read -r w c < <(measure "$work/app"); full_wall+=("$w"); full_cpu+=("$c")
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
fw=$(median "${full_wall[@]}"); ew=$(median "${empty_wall[@]}")
fc=$(median "${full_cpu[@]}"); ec=$(median "${empty_cpu[@]}")
echo "synth_pairs $pairs count"
echo "synth_full_wall_median $fw s"
echo "synth_empty_wall_median $ew s"
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
echo "synth_wall_ratio $(ratio "$fw" "$ew") x"
echo "synth_full_cpu_median $fc s"
echo "synth_empty_cpu_median $ec s"
echo "synth_cpu_ratio $(ratio "$fc" "$ec") x"
