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
scratch="$(mktemp -d "${TMPDIR:-/tmp}/meridian-test.XXXXXX")"
# The postgres account runs the database server when we are root: it must enter this folder.
chmod 755 "$scratch"

cleanup() {
  "$binary" dev services stop --dir "$scratch" >/dev/null 2>&1 || true
  rm -rf "$scratch"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

services="$("$binary" dev services start --dir "$scratch" --json)"
MERIDIAN_TEST_POSTGRES_URL="$(python3 -c 'import json,sys; print(json.load(sys.stdin)["postgresURL"])' <<<"$services")"
MERIDIAN_TEST_REDIS_URL="$(python3 -c 'import json,sys; print(json.load(sys.stdin)["redisURL"])' <<<"$services")"
MERIDIAN_BINARY="$binary"
export MERIDIAN_TEST_POSTGRES_URL MERIDIAN_TEST_REDIS_URL MERIDIAN_BINARY
echo "test: Postgres $MERIDIAN_TEST_POSTGRES_URL, Redis $MERIDIAN_TEST_REDIS_URL"

status=0
swift test --skip-build "$@" || status=$?
exit "$status"
