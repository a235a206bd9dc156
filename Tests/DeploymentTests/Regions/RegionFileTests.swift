import Deployment
import Foundation
import Testing

/// One broken region file and the words its error must contain.
struct BrokenRegionCase: Sendable, CustomTestStringConvertible {
    let testDescription: String
    let expected: String
    let edit: @Sendable (inout [String: Any]) -> Void
}

@Suite struct RegionFileTests {
    @Test func validRegionFileDecodesEveryField() throws {
        let region = try RegionDirectory.parseRegion(
            RegionFixtures.data(RegionFixtures.region(2)), file: "local-2.json")

        #expect(region.name == "local-2")
        #expect(region.location.city == "City 2")
        #expect(region.database.role == .replica)
        #expect(region.redis == .init(host: "127.0.2.1", port: 56_379))
        #expect(region.nodes.map(\.id) == ["local-2-a", "local-2-b"])
        #expect(region.nodes[1].apiURL == "http://127.0.2.12:58080")
    }

    static let brokenCases: [BrokenRegionCase] = [
        .init(testDescription: "missing name", expected: "field name is missing") { $0["name"] = nil },
        .init(testDescription: "name differs from file", expected: "field name must match the file name") {
            $0["name"] = "local-9"
        },
        .init(testDescription: "uppercase name", expected: "field name must be lowercase") { $0["name"] = "Local-1" },
        .init(testDescription: "port as string", expected: "field redis.port must be an integer") {
            $0["redis"] = ["host": "127.0.1.1", "port": "56379"]
        },
        .init(testDescription: "port out of range", expected: "field nginx.port must be within 1...65535") {
            $0["nginx"] = ["host": "127.0.1.1", "port": 70_000]
        },
        .init(testDescription: "empty host", expected: "field pgbouncer.host") {
            $0["pgbouncer"] = ["host": "", "port": 1]
        },
        .init(testDescription: "unknown database role", expected: "field database.role") {
            $0["database"] = ["role": "leader", "host": "127.0.1.1", "port": 55_432]
        },
        .init(testDescription: "latitude out of range", expected: "field location.latitude") {
            $0["location"] = ["city": "X", "latitude": 91.0, "longitude": 0.0]
        },
        .init(testDescription: "empty city", expected: "field location.city must not be empty") {
            $0["location"] = ["city": "", "latitude": 0.0, "longitude": 0.0]
        },
        .init(testDescription: "no nodes", expected: "field nodes must list at least one node") { $0["nodes"] = [] },
        .init(testDescription: "node without cluster port", expected: "field nodes[1].clusterPort is missing") {
            var nodes = $0["nodes"] as! [[String: Any]]
            nodes[1]["clusterPort"] = nil
            $0["nodes"] = nodes
        },
        .init(testDescription: "misspelt field", expected: "field redis.prot is not known") {
            $0["redis"] = ["host": "127.0.1.1", "port": 1, "prot": 2]
        },
        .init(testDescription: "unknown top-level field", expected: "field replicas is not known") {
            $0["replicas"] = 2
        },
    ]

    @Test(arguments: brokenCases)
    func brokenRegionFileIsRejectedNamingFileAndField(_ broken: BrokenRegionCase) {
        var document = RegionFixtures.region(1, role: "primary")
        broken.edit(&document)

        let error = #expect(throws: DeploymentError.self) {
            try RegionDirectory.parseRegion(RegionFixtures.data(document), file: "local-1.json")
        }
        #expect(error?.code == .invalidRegion)
        #expect(error?.message.hasPrefix("local-1.json: ") == true)
        #expect(error?.message.contains(broken.expected) == true, "\(error?.message ?? "")")
    }

    @Test func malformedJSONIsReportedAsSuch() {
        let error = #expect(throws: DeploymentError.self) {
            try RegionDirectory.parseRegion(Data("{ \"name\": ".utf8), file: "local-1.json")
        }
        #expect(error?.message == "local-1.json: is not valid JSON")
    }
}
