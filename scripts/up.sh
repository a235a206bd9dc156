#!/usr/bin/env bash
# Installs what is missing, builds Meridian and starts the local deployment (see `meridian dev up`).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
swift build -c release
exec .build/release/meridian dev up
