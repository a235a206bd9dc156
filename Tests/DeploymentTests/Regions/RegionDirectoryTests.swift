import Deployment
import Foundation
import Testing

@Suite struct RegionDirectoryTests {
    private func directory(
        _ regions: [[String: Any]],
        links: [(String, String, Int)] = RegionFixtures.threeRegionLinks
    ) throws -> RegionDirectory {
        let parsed = try regions.map { document in
            let file = "\(document["name"] as! String).json"
            return (file: file, region: try RegionDirectory.parseRegion(RegionFixtures.data(document), file: file))
        }
        let topology = try RegionDirectory.parseTopology(RegionFixtures.data(RegionFixtures.topology(links)))
        return try RegionDirectory(regions: parsed, topology: topology)
    }

    private func threeRegions() -> [[String: Any]] {
        [RegionFixtures.region(3), RegionFixtures.region(1, role: "primary"), RegionFixtures.region(2)]
    }

    @Test func regionsAreSortedAndThePrimaryIsFound() throws {
        let loaded = try directory(threeRegions())

        #expect(loaded.regions.map(\.name) == ["local-1", "local-2", "local-3"])
        #expect(loaded.primaryRegion.name == "local-1")
        #expect(loaded.nodes.count == 6)
        #expect(loaded.nodes.first?.region == "local-1")
    }

    @Test func latencyIsSymmetricAndZeroWithinARegion() throws {
        let loaded = try directory(threeRegions())

        #expect(loaded.topology.latencyMs(from: "local-3", to: "local-1") == 160)
        #expect(loaded.topology.latencyMs(from: "local-1", to: "local-3") == 160)
        #expect(loaded.topology.latencyMs(from: "local-2", to: "local-2") == 0)
        #expect(loaded.topology.latencyMs(from: "local-2", to: "elsewhere") == nil)
    }

    @Test func theShippedRegionsFolderIsValid() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let loaded = try RegionDirectory.load(from: root.appendingPathComponent("regions"))

        #expect(loaded.regions.map(\.name) == ["local-1", "local-2", "local-3"])
        #expect(loaded.regions.allSatisfy { $0.nodes.count == 2 })
        for (index, region) in loaded.regions.enumerated() {
            let prefix = "127.0.\(index + 1)."
            #expect(region.nodes.allSatisfy { $0.apiHost.hasPrefix(prefix) && $0.clusterHost.hasPrefix(prefix) })
            #expect(region.redis.host.hasPrefix(prefix))
        }
    }

    @Test func twoPrimariesAreRejected() {
        let regions = [
            RegionFixtures.region(1, role: "primary"), RegionFixtures.region(2, role: "primary"),
            RegionFixtures.region(3),
        ]
        let error = #expect(throws: DeploymentError.self) { try directory(regions) }
        #expect(error?.message.contains("field database.role must be primary in exactly one region file") == true)
    }

    @Test func aNodeIDUsedTwiceIsRejectedNamingBothFiles() {
        var second = RegionFixtures.region(2)
        var nodes = second["nodes"] as! [[String: Any]]
        nodes[0]["id"] = "local-1-b"
        second["nodes"] = nodes

        let error = #expect(throws: DeploymentError.self) {
            try directory([RegionFixtures.region(1, role: "primary"), second, RegionFixtures.region(3)])
        }
        #expect(error?.message == "local-2.json: field nodes[0].id repeats local-1-b from local-1.json")
    }

    @Test func anAddressUsedTwiceIsRejected() {
        var second = RegionFixtures.region(2)
        second["redis"] = ["host": "127.0.1.1", "port": 56_379]

        let error = #expect(throws: DeploymentError.self) {
            try directory([RegionFixtures.region(1, role: "primary"), second, RegionFixtures.region(3)])
        }
        #expect(error?.message.hasPrefix("local-2.json: field redis uses 127.0.1.1:56379") == true)
    }

    static let brokenTopologies: [(links: [(String, String, Int)], expected: String)] = [
        (
            [("local-1", "local-2", 90), ("local-1", "local-3", 160)],
            "field links has no entry between local-2 and local-3"
        ),
        (RegionFixtures.threeRegionLinks + [("local-2", "local-1", 80)], "field links[3] repeats an earlier pair"),
        (RegionFixtures.threeRegionLinks + [("local-1", "local-1", 1)], "field links[3].between must name two regions"),
        (RegionFixtures.threeRegionLinks + [("local-1", "local-9", 5)], "field links[3].between names unknown local-9"),
        (
            [("local-1", "local-2", 0), ("local-1", "local-3", 160), ("local-2", "local-3", 220)],
            "field links[0].latencyMs must be above 0"
        ),
    ]

    @Test(arguments: 0..<brokenTopologies.count)
    func brokenTopologyIsRejectedNamingTheField(_ index: Int) {
        let broken = Self.brokenTopologies[index]
        let error = #expect(throws: DeploymentError.self) { try directory(threeRegions(), links: broken.links) }

        #expect(error?.code == .invalidTopology)
        #expect(error?.message == "topology.json: \(broken.expected)")
    }

    @Test func aFolderWithoutTopologyIsRejected() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try RegionFixtures.data(RegionFixtures.region(1, role: "primary")).write(to: folder.appending("local-1.json"))

        let error = #expect(throws: DeploymentError.self) { try RegionDirectory.load(from: folder.url) }
        #expect(error?.code == .invalidTopology)
        #expect(error?.message == "topology.json: file cannot be read")
    }
}
