import Foundation

extension RegionDirectory {
    /// Rules within one region file.
    static func validate(_ region: RegionDefinition, file: String) throws(DeploymentError) {
        func fail(_ field: String, _ problem: String) -> DeploymentError {
            DeploymentError(.invalidRegion, "\(file): field \(field) \(problem)")
        }

        let nameCharacters = Set("abcdefghijklmnopqrstuvwxyz0123456789-")
        guard !region.name.isEmpty, region.name.allSatisfy({ nameCharacters.contains($0) }) else {
            throw fail("name", "must be lowercase letters, digits and '-'")
        }
        guard file == "\(region.name).json" else { throw fail("name", "must match the file name") }

        guard !region.location.city.isEmpty else { throw fail("location.city", "must not be empty") }
        guard (-90...90).contains(region.location.latitude) else {
            throw fail("location.latitude", "must be within -90...90")
        }
        guard (-180...180).contains(region.location.longitude) else {
            throw fail("location.longitude", "must be within -180...180")
        }

        for (field, endpoint) in serviceEndpoints(of: region) { try validate(endpoint, field: field, file: file) }

        guard !region.nodes.isEmpty else { throw fail("nodes", "must list at least one node") }
        for (index, node) in region.nodes.enumerated() {
            guard !node.id.isEmpty else { throw fail("nodes[\(index)].id", "must not be empty") }
            try validate(.init(host: node.apiHost, port: node.apiPort), field: "nodes[\(index)].api", file: file)
            try validate(
                .init(host: node.clusterHost, port: node.clusterPort), field: "nodes[\(index)].cluster", file: file)
        }
    }

    /// Rules across region files: unique names, node ids and addresses; exactly one primary database.
    static func validate(_ regions: [(file: String, region: RegionDefinition)]) throws(DeploymentError) {
        var nodeIDs: [String: String] = [:]
        var addresses: [RegionDefinition.Endpoint: String] = [:]

        for (file, region) in regions {
            try validate(region, file: file)

            for (index, node) in region.nodes.enumerated() {
                if let other = nodeIDs.updateValue(file, forKey: node.id) {
                    throw DeploymentError(
                        .invalidRegion, "\(file): field nodes[\(index)].id repeats \(node.id) from \(other)")
                }
            }
            for (field, endpoint) in ownedEndpoints(of: region) {
                if let other = addresses.updateValue("\(file) \(field)", forKey: endpoint) {
                    throw DeploymentError(
                        .invalidRegion,
                        "\(file): field \(field) uses \(endpoint.host):\(endpoint.port), already used by \(other)")
                }
            }
        }

        let primaries = regions.filter { $0.region.database.role == .primary }
        guard primaries.count == 1 else {
            let files = primaries.map(\.file).joined(separator: ", ")
            throw DeploymentError(
                .invalidRegion,
                "field database.role must be primary in exactly one region file (found \(primaries.count): \(files))")
        }
    }

    /// Rules of the topology file: known regions, no self links, positive latency, every pair exactly once.
    static func validate(_ topology: RegionTopology, file: String, regionNames: [String]) throws(DeploymentError) {
        var seen: Set<Set<String>> = []
        for (index, link) in topology.links.enumerated() {
            let field = "links[\(index)]"
            let pair = Set(link.between)
            guard link.between.count == 2, pair.count == 2 else {
                throw DeploymentError(.invalidTopology, "\(file): field \(field).between must name two regions")
            }
            if let unknown = link.between.first(where: { !regionNames.contains($0) }) {
                throw DeploymentError(.invalidTopology, "\(file): field \(field).between names unknown \(unknown)")
            }
            guard link.latencyMs > 0 else {
                throw DeploymentError(.invalidTopology, "\(file): field \(field).latencyMs must be above 0")
            }
            guard seen.insert(pair).inserted else {
                throw DeploymentError(.invalidTopology, "\(file): field \(field) repeats an earlier pair")
            }
        }

        for (offset, first) in regionNames.enumerated() {
            for second in regionNames.dropFirst(offset + 1) where !seen.contains([first, second]) {
                throw DeploymentError(
                    .invalidTopology, "\(file): field links has no entry between \(first) and \(second)")
            }
        }
    }

    private static func validate(
        _ endpoint: RegionDefinition.Endpoint,
        field: String,
        file: String
    ) throws(DeploymentError) {
        guard !endpoint.host.isEmpty, !endpoint.host.contains(where: \.isWhitespace) else {
            throw DeploymentError(.invalidRegion, "\(file): field \(field).host must be a host name or address")
        }
        guard (1...65_535).contains(endpoint.port) else {
            throw DeploymentError(.invalidRegion, "\(file): field \(field).port must be within 1...65535")
        }
    }

    private static func serviceEndpoints(of region: RegionDefinition) -> [(String, RegionDefinition.Endpoint)] {
        [
            ("database", region.database.endpoint), ("pgbouncer", region.pgbouncer),
            ("redis", region.redis), ("nginx", region.nginx),
        ]
    }

    private static func ownedEndpoints(of region: RegionDefinition) -> [(String, RegionDefinition.Endpoint)] {
        let nodes = region.nodes.enumerated().flatMap { index, node in
            [
                ("nodes[\(index)].api", RegionDefinition.Endpoint(host: node.apiHost, port: node.apiPort)),
                ("nodes[\(index)].cluster", RegionDefinition.Endpoint(host: node.clusterHost, port: node.clusterPort)),
            ]
        }
        return serviceEndpoints(of: region) + nodes
    }
}
