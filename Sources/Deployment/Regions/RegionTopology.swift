/// Network latency between regions, as written in `regions/topology.json`.
///
/// Links are symmetric: one entry covers both directions, and every pair of distinct regions appears in
/// exactly one link.
public struct RegionTopology: Codable, Sendable, Equatable {
    /// The latency between two regions.
    public struct Link: Codable, Sendable, Equatable {
        /// The two region names, in either order.
        public var between: [String]

        /// Round-trip time in milliseconds, greater than zero.
        public var latencyMs: Int
    }

    /// One link per pair of regions.
    public var links: [Link]

    /// Round-trip milliseconds between `first` and `second`: 0 for the same region, `nil` when unknown.
    public func latencyMs(from first: String, to second: String) -> Int? {
        if first == second { return 0 }
        return links.first { Set($0.between) == [first, second] }?.latencyMs
    }
}
