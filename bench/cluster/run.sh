#!/usr/bin/env bash
# Runs the failover drill against a scratch Postgres and Redis on free loopback ports (removed on exit) and
# prints the figures as a Markdown table. Not part of scripts/test.sh: it takes several minutes.
#   bench/cluster/run.sh [--repetitions 20] [--nodes 3]
set -euo pipefail
cd "$(dirname "$0")/../.."

swift build -c release --product meridian
binary="$(swift build -c release --show-bin-path)/meridian"
scratch="$(mktemp -d "${TMPDIR:-/tmp}/meridian-drill.XXXXXX")"
chmod 755 "$scratch"
cleanup() {
  "$binary" dev services stop --dir "$scratch" >/dev/null 2>&1 || true
  rm -rf "$scratch"
}
trap cleanup EXIT

services="$("$binary" dev services start --dir "$scratch" --json)"
postgres="$(python3 -c 'import json,sys; print(json.load(sys.stdin)["postgresURL"])' <<<"$services")"
redis="$(python3 -c 'import json,sys; print(json.load(sys.stdin)["redisURL"])' <<<"$services")"
"$binary" migrate --postgres "$postgres" >/dev/null
python3 bench/cluster/failover_drill.py --binary "$binary" --postgres "$postgres" --redis "$redis" "$@"
