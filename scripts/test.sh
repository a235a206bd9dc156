#!/usr/bin/env bash
# Builds everything and runs every test against a scratch Postgres and Redis on free loopback ports.
# The servers and their folder are removed on any exit; the exit status is the test run's.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
# House style: the toolchain's formatter (.swift-format: width 120, 4 spaces) must have nothing to say.
swift format lint --strict --recursive Sources Tests bench/schedule
swift build --build-tests

binary="$(swift build --show-bin-path)/meridian"
source scripts/lib/scratch-services.sh
start_scratch_services "$binary" test
MERIDIAN_TEST_POSTGRES_URL="$postgres_url"
MERIDIAN_TEST_REDIS_URL="$redis_url"
MERIDIAN_BINARY="$binary"
export MERIDIAN_TEST_POSTGRES_URL MERIDIAN_TEST_REDIS_URL MERIDIAN_BINARY
echo "test: Postgres $MERIDIAN_TEST_POSTGRES_URL, Redis $MERIDIAN_TEST_REDIS_URL"

status=0
swift test --skip-build "$@" || status=$?
exit "$status"
