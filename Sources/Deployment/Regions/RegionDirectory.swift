import Foundation

/// The regions of a deployment and the latency between them, read from a `regions/` folder.
///
/// The folder holds one `<region>.json` per region (a ``RegionDefinition``) and `topology.json` (a
/// ``RegionTopology``). Loading validates every file and the rules across files (unique node ids and
/// addresses, exactly one primary database, a latency for every pair of regions); each failure names the
/// file and the field. Immutable and `Sendable` once loaded.
public struct RegionDirectory: Sendable, Equatable {
    /// The name of the topology file inside the folder.
    public static let topologyFileName = "topology.json"

    /// Regions sorted by name.
    public let regions: [RegionDefinition]

    /// Latency between regions.
    public let topology: RegionTopology

    /// Validates and combines already-parsed regions and topology.
    ///
    /// `regionFiles` pairs each region with the file it came from (used in messages). Throws
    /// `invalidRegion` or `invalidTopology` naming file and field.
    public init(
        regions regionFiles: [(file: String, region: RegionDefinition)],
        topology: RegionTopology,
        topologyFile: String = RegionDirectory.topologyFileName
    ) throws(DeploymentError) {
        let sorted = regionFiles.sorted { $0.region.name < $1.region.name }
        try Self.validate(sorted)
        try Self.validate(topology, file: topologyFile, regionNames: sorted.map(\.region.name))

        self.regions = sorted.map(\.region)
        self.topology = topology
    }

    /// Reads and validates every `*.json` file of `folder`.
    ///
    /// Throws `invalidRegion` when the folder has no region file or one is unreadable or invalid, and
    /// `invalidTopology` when `topology.json` is missing or invalid.
    public static func load(from folder: URL) throws(DeploymentError) -> RegionDirectory {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        } catch {
            throw DeploymentError(.invalidRegion, "\(folder.path): folder cannot be read")
        }

        let regionNames = names.filter { $0.hasSuffix(".json") && $0 != topologyFileName }.sorted()
        guard !regionNames.isEmpty else {
            throw DeploymentError(.invalidRegion, "\(folder.path): holds no region file (<region>.json)")
        }

        let regions = try regionNames.map { name throws(DeploymentError) in
            let data = try read(folder.appendingPathComponent(name), code: .invalidRegion)
            return (file: name, region: try parseRegion(data, file: name))
        }
        let topologyData = try read(folder.appendingPathComponent(topologyFileName), code: .invalidTopology)
        return try RegionDirectory(regions: regions, topology: try parseTopology(topologyData))
    }

    /// Decodes one region file; `file` is its name, checked against the region's `name` field.
    public static func parseRegion(_ data: Data, file: String) throws(DeploymentError) -> RegionDefinition {
        let region = try StrictJSONDecoder(code: .invalidRegion).decode(RegionDefinition.self, from: data, file: file)
        try validate(region, file: file)
        return region
    }

    /// Decodes the topology file.
    public static func parseTopology(_ data: Data, file: String = topologyFileName) throws(DeploymentError)
        -> RegionTopology
    {
        try StrictJSONDecoder(code: .invalidTopology).decode(RegionTopology.self, from: data, file: file)
    }

    /// The region called `name`, if any.
    public func region(named name: String) -> RegionDefinition? {
        regions.first { $0.name == name }
    }

    /// The region whose database is the primary (validation guarantees exactly one).
    public var primaryRegion: RegionDefinition {
        regions.first { $0.database.role == .primary }!
    }

    /// Every node of every region, with its region's name, in region order.
    public var nodes: [(region: String, node: RegionDefinition.Node)] {
        regions.flatMap { region in region.nodes.map { (region.name, $0) } }
    }

    private static func read(_ file: URL, code: DeploymentError.Code) throws(DeploymentError) -> Data {
        do {
            return try Data(contentsOf: file)
        } catch {
            throw DeploymentError(code, "\(file.lastPathComponent): file cannot be read")
        }
    }
}
