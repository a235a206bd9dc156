#!/usr/bin/env bash
# Stops everything the local deployment started.
set -euo pipefail
cd "$(dirname "$0")/.."

binary=.build/release/meridian
[[ -x $binary ]] || binary=.build/debug/meridian
if [[ ! -x $binary ]]; then
  echo "down: no meridian binary built; nothing was started by this checkout" >&2
  exit 0
fi
exec "$binary" dev down
