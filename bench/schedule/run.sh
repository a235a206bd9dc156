#!/usr/bin/env bash
# Next-fire computations per second of the schedule engine, beside Foundation's Calendar.nextDate for the same
# expressions measured in the same run (the baseline). Release build.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
swift build -c release --product ScheduleBenchmark >&2
"$(swift build -c release --show-bin-path)/ScheduleBenchmark"
