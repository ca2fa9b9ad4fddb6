# Sourced by the browser benchmarks (first-list.sh, upload.sh, listing.sh):
# the pinned Node, local/'s packages and Debian's Chromium, then
# `bench_node LIMIT local/bench/X.mjs`, which runs one Node process holding
# the stand-in (on free loopback ports), Chromium and the measurement, bounded
# by LIMIT seconds, and stops it when this script exits for any reason.
# Metric lines come on stdout; everything else goes to stderr.

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
[ -x .toolchain/node_modules/.bin/node ] || npm ci --prefix .toolchain --no-audit --no-fund >&2
export PATH="$root/.toolchain/node_modules/.bin:$PATH" JSII_NODE="$root/.toolchain/node_modules/.bin/node"
export JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION=1
[ -d local/node_modules ] || npm ci --prefix local --no-audit --no-fund >&2

export CHROMIUM="${CHROMIUM:-${CHROME_PATH:-/usr/bin/chromium}}"
if [ ! -x "$CHROMIUM" ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update >&2 && apt-get install -y --no-install-recommends chromium >&2
  else
    echo "$(basename "$0"): Chromium not found at $CHROMIUM: apt-get install -y chromium (root), or set CHROMIUM" >&2
    exit 1
  fi
fi

bench_pid=""
bench_cleanup=()
bench_exit() {
  if [ -n "$bench_pid" ] && kill -0 "$bench_pid" 2>/dev/null; then
    kill -TERM "$bench_pid" 2>/dev/null || true
    wait "$bench_pid" 2>/dev/null || true
  fi
  local f
  for f in "${bench_cleanup[@]}"; do rm -rf "$f"; done
}
trap bench_exit EXIT
trap 'exit 130' INT TERM

# bench_node LIMIT SCRIPT: runs the Node benchmark in the background (so that
# a signal to this script reaches the trap at once) and waits for it.
bench_node() {
  local limit="$1"
  shift
  BENCH_TIMEOUT="$limit" timeout --kill-after=10 "$((limit + 30))" node "$@" &
  bench_pid=$!
  local rc=0
  wait "$bench_pid" || rc=$?
  bench_pid=""
  return "$rc"
}

# bench_aws_cli: AWS_CLI (default Debian's /usr/bin/aws), installed with apt-get when missing and root.
bench_aws_cli() {
  export AWS_CLI="${AWS_CLI:-/usr/bin/aws}"
  [ -x "$AWS_CLI" ] && return 0
  if [ "$(id -u)" = 0 ] && [ "$AWS_CLI" = /usr/bin/aws ]; then
    apt-get update >&2 && apt-get install -y --no-install-recommends awscli >&2
  else
    echo "$(basename "$0"): AWS CLI not found at $AWS_CLI: apt-get install -y awscli (root), or set AWS_CLI" >&2
    exit 1
  fi
}

# bench_tmp: a temporary folder in BENCH_TMP, removed when the script exits.
bench_tmp() {
  BENCH_TMP="$(mktemp -d)"
  bench_cleanup+=("$BENCH_TMP")
  export BENCH_TMP
}
