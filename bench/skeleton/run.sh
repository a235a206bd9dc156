#!/usr/bin/env bash
# Walking-skeleton benchmark: fire lateness at 100 fires/s, GET /v1/jobs/{id} beside /healthz on the same
# server, and the node's resident memory idle and with 10,000 active jobs. Writes bench/skeleton/results.json.
# Everything runs on loopback against a scratch Postgres and Redis that this script starts and stops.
set -euo pipefail
cd "$(dirname "$0")/../.."

scripts/install-deps.sh
swift build -c release --product meridian
binary="$(swift build -c release --show-bin-path)/meridian"

source scripts/lib/scratch-services.sh
start_scratch_services "$binary" bench --database meridian_bench
python3 bench/skeleton/bench.py --binary "$binary" --scratch "$scratch" --postgres "$postgres_url" --redis "$redis_url" \
  --output bench/skeleton/results.json "$@"
