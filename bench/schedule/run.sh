#!/usr/bin/env bash
# Builds bench/schedule/main.swift against Sources/ScheduleEngine in release mode and runs it.
# Until Package.swift has a ScheduleBenchmark target, the build happens in a throwaway package under /tmp.
set -euo pipefail

repository="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
workspace="${TMPDIR:-/tmp}/meridian-schedule-bench"
mkdir -p "$workspace/Sources/ScheduleBenchmark"
ln -sfn "$repository/Sources/ScheduleEngine" "$workspace/Sources/ScheduleEngine"
cp "$repository/bench/schedule/main.swift" "$workspace/Sources/ScheduleBenchmark/main.swift"

cat > "$workspace/Package.swift" <<'MANIFEST'
// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "ScheduleBenchmark",
    platforms: [.macOS(.v15)],
    targets: [
        .target(name: "ScheduleEngine"),
        .executableTarget(name: "ScheduleBenchmark", dependencies: ["ScheduleEngine"]),
    ],
    swiftLanguageModes: [.v6]
)
MANIFEST

swift build -c release --package-path "$workspace" --product ScheduleBenchmark >&2
"$workspace/.build/release/ScheduleBenchmark"
