// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Meridian",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "meridian", targets: ["meridian"])
    ],
    targets: [
        // C libraries from Debian packages, each behind a one-header shim.
        .systemLibrary(name: "CLibPQ", path: "Sources/CLibPQ"),
        .systemLibrary(name: "CHiredis", path: "Sources/CHiredis"),
        .systemLibrary(name: "CCrypto", path: "Sources/CCrypto"),
        .systemLibrary(name: "CMicroHTTPD", path: "Sources/CMicroHTTPD"),
        .systemLibrary(name: "CCurl", path: "Sources/CCurl"),

        .target(name: "Telemetry"),
        .target(name: "Pooling"),
        .target(name: "Postgres", dependencies: ["CLibPQ", "Pooling"]),
        .target(name: "Redis", dependencies: ["CHiredis", "Pooling"]),
        .target(name: "HTTP", dependencies: ["CMicroHTTPD", "CCurl"]),
        .target(name: "ScheduleEngine"),
        .target(name: "Cluster", dependencies: ["Postgres", "Telemetry"]),
        .target(
            name: "Scheduler",
            dependencies: ["Cluster", "Postgres", "Redis", "HTTP", "ScheduleEngine", "Telemetry", "CCrypto"]
        ),
        .target(name: "API", dependencies: ["Scheduler", "HTTP", "Telemetry", "CCrypto"]),
        .target(name: "Deployment"),
        .executableTarget(
            name: "meridian",
            dependencies: ["API", "Scheduler", "Cluster", "Deployment", "HTTP", "Postgres", "Redis", "Telemetry"]
        ),

        .executableTarget(
            name: "ScheduleBenchmark", dependencies: ["ScheduleEngine"], path: "bench/schedule", exclude: ["run.sh"]),

        .testTarget(name: "TelemetryTests", dependencies: ["Telemetry"]),
        .testTarget(name: "PostgresTests", dependencies: ["Postgres"]),
        .testTarget(name: "RedisTests", dependencies: ["Redis"]),
        .testTarget(name: "HTTPTests", dependencies: ["HTTP"]),
        .testTarget(
            name: "ScheduleEngineTests", dependencies: ["ScheduleEngine"], exclude: ["Oracle/cronsim_oracle.py"]),
        .testTarget(name: "ClusterTests", dependencies: ["Cluster"]),
        .testTarget(name: "SchedulerTests", dependencies: ["Scheduler"]),
        .testTarget(name: "APITests", dependencies: ["API"]),
        .testTarget(name: "DeploymentTests", dependencies: ["Deployment"]),
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["HTTP", "Postgres", "Deployment"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
