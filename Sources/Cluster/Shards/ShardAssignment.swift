/// Which live node should lead each shard: the rendezvous-hash winner among the live nodes of the shard's
/// region; when that region has none, among the live nodes of the nearest region (by topology latency) that has
/// some. Pure and deterministic: every node with the same member table computes the same map.
///
/// Rendezvous hashing moves only the shards whose winner joined or left: when one of N nodes leaves, only its
/// shards move; when a node joins, about 1/(N+1) of the region's shards move to it.
public struct ShardAssignment: Sendable, Equatable {
    /// Shards per region.
    public let shardCount: Int

    /// Regions known from configuration; regions of members are added to them.
    public let regions: Set<String>

    private let latencies: [String: [String: Int]]

    /// - Parameters:
    ///   - shardCount: shards per region, at least 1.
    ///   - regions: regions that have shards even while none of their nodes is known.
    ///   - links: symmetric round-trip latencies between regions, in milliseconds.
    public init(shardCount: Int, regions: Set<String>, links: [(first: String, second: String, latencyMs: Int)] = []) {
        self.shardCount = max(1, shardCount)
        var latencies: [String: [String: Int]] = [:]
        for link in links {
            latencies[link.first, default: [:]][link.second] = link.latencyMs
            latencies[link.second, default: [:]][link.first] = link.latencyMs
        }
        self.latencies = latencies
        self.regions = regions.union(latencies.keys)
    }

    /// The desired leader of every shard, by node id. Only live members (alive or suspect) lead; other members
    /// still make their region known.
    public func owners(members: [Member]) -> [ShardID: String] {
        let live = members.filter(\.isLive)
        let liveByRegion = Dictionary(grouping: live, by: \.region)
        let allRegions = regions.union(members.map(\.region))

        var owners: [ShardID: String] = [:]
        for region in allRegions {
            guard let serving = servingRegion(for: region, liveRegions: Set(liveByRegion.keys)) else { continue }
            let candidates = liveByRegion[serving] ?? []
            for shard in 0..<shardCount {
                let id = ShardID(region: region, shard: shard)
                owners[id] = Self.winner(of: id, among: candidates)
            }
        }
        return owners
    }

    /// The shards `nodeID` should lead.
    public func shards(of nodeID: String, members: [Member]) -> Set<ShardID> {
        Set(owners(members: members).filter { $0.value == nodeID }.keys)
    }

    /// The region whose nodes serve `region`'s shards: itself when it has live nodes, else the nearest region
    /// with live nodes (unknown latencies count as farthest; ties go to the lower name); `nil` when no region
    /// has live nodes.
    public func servingRegion(for region: String, liveRegions: Set<String>) -> String? {
        if liveRegions.contains(region) { return region }
        return liveRegions.min { first, second in
            let firstLatency = latencies[region]?[first] ?? Int.max
            let secondLatency = latencies[region]?[second] ?? Int.max
            return (firstLatency, first) < (secondLatency, second)
        }
    }

    /// The candidate with the highest score for `shard`; ties (practically impossible) go to the lower id.
    static func winner(of shard: ShardID, among candidates: [Member]) -> String? {
        candidates.max { first, second in
            let firstScore = score(nodeID: first.id, shard: shard)
            let secondScore = score(nodeID: second.id, shard: shard)
            return firstScore != secondScore ? firstScore < secondScore : first.id > second.id
        }?.id
    }

    /// FNV-1a of `node|region|shard`, then the SplitMix64 finaliser so close inputs spread evenly.
    static func score(nodeID: String, shard: ShardID) -> UInt64 {
        var hash = ShardKey.fnv1a(Array("\(nodeID)|\(shard.region)|\(shard.shard)".utf8))
        hash = (hash ^ (hash >> 30)) &* 0xbf58_476d_1ce4_e5b9
        hash = (hash ^ (hash >> 27)) &* 0x94d0_49bb_1331_11eb
        return hash ^ (hash >> 31)
    }
}
