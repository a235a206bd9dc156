#!/usr/bin/env bash
# Shows the local deployment's endpoints, token and processes; pass --json for machine-readable output.
set -euo pipefail
cd "$(dirname "$0")/.."

binary=.build/release/meridian
[[ -x $binary ]] || binary=.build/debug/meridian
[[ -x $binary ]] || { echo "status: meridian is not built yet (run scripts/up.sh)" >&2; exit 1; }
exec "$binary" dev status "$@"
