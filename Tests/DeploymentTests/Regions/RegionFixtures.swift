import Foundation

/// Valid region and topology documents that tests copy and break one field at a time.
enum RegionFixtures {
    static func region(_ index: Int, role: String = "replica") -> [String: Any] {
        let network = "127.0.\(index)"
        func endpoint(_ port: Int) -> [String: Any] { ["host": "\(network).1", "port": port] }

        return [
            "name": "local-\(index)",
            "location": ["city": "City \(index)", "latitude": 10.5, "longitude": -20.25],
            "database": ["role": role, "host": "\(network).1", "port": 55_432],
            "pgbouncer": endpoint(56_432),
            "redis": endpoint(56_379),
            "nginx": endpoint(58_000),
            "nodes": ["a", "b"].enumerated().map { offset, suffix in
                [
                    "id": "local-\(index)-\(suffix)", "apiHost": "\(network).\(11 + offset)", "apiPort": 58_080,
                    "clusterHost": "\(network).\(11 + offset)", "clusterPort": 58_946,
                ] as [String: Any]
            },
        ]
    }

    static func topology(_ links: [(String, String, Int)]) -> [String: Any] {
        ["links": links.map { ["between": [$0.0, $0.1], "latencyMs": $0.2] as [String: Any] }]
    }

    static let threeRegionLinks = [
        ("local-1", "local-2", 90), ("local-1", "local-3", 160), ("local-2", "local-3", 220),
    ]

    static func data(_ document: [String: Any]) -> Data {
        try! JSONSerialization.data(withJSONObject: document)
    }
}
