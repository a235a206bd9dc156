/// One shard of one region.
public struct ShardID: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    /// The region whose jobs live in the shard.
    public var region: String

    /// The shard number, 0..<shardCount.
    public var shard: Int

    /// Creates a shard id.
    public init(region: String, shard: Int) {
        self.region = region
        self.shard = shard
    }

    /// Orders by region, then shard.
    public static func < (lhs: ShardID, rhs: ShardID) -> Bool {
        (lhs.region, lhs.shard) < (rhs.region, rhs.shard)
    }

    /// `region/shard`.
    public var description: String { "\(region)/\(shard)" }
}
