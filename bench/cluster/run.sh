#!/usr/bin/env bash
# Runs the failover drill against a scratch Postgres and Redis on free loopback ports (removed on exit) and
# prints the figures as a Markdown table. Not part of scripts/test.sh: it takes several minutes.
#   bench/cluster/run.sh [--repetitions 20] [--nodes 3]
set -euo pipefail
cd "$(dirname "$0")/../.."

swift build -c release --product meridian
binary="$(swift build -c release --show-bin-path)/meridian"
source scripts/lib/scratch-services.sh
start_scratch_services "$binary" drill
postgres="$postgres_url"
redis="$redis_url"
"$binary" migrate --postgres "$postgres" >/dev/null
python3 bench/cluster/failover_drill.py --binary "$binary" --postgres "$postgres" --redis "$redis" "$@"
