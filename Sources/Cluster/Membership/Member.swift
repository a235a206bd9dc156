/// The TCP address of a node's cluster listener.
public struct ClusterAddress: Hashable, Sendable, Codable, CustomStringConvertible {
    /// IPv4 literal; loopback in the local deployment.
    public var host: String

    /// TCP port, 1...65535.
    public var port: Int

    /// Creates an address.
    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Parses `host:port`; `nil` when the text is not of that form.
    public init?(_ text: String) {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
            (1...65_535).contains(port), colon != text.startIndex
        else { return nil }
        self.init(host: String(text[..<colon]), port: port)
    }

    /// `host:port`.
    public var description: String { "\(host):\(port)" }
}

/// One node as the member table knows it. This is what heartbeats carry, for every member.
public struct Member: Hashable, Sendable, Codable {
    /// Where a member stands. Later states win over earlier ones at the same incarnation.
    public enum State: String, Sendable, Codable, Comparable, CaseIterable {
        /// Heard from recently, directly or through another member.
        case alive
        /// Silent past the suspicion threshold; it may still refute by raising its incarnation.
        case suspect
        /// Suspicion was not refuted in time. It leads nothing until it rejoins with a higher incarnation.
        case dead
        /// Announced a graceful leave.
        case left

        /// Precedence at equal incarnation: alive < suspect < dead < left.
        public static func < (lhs: State, rhs: State) -> Bool {
            lhs.rank < rhs.rank
        }

        private var rank: Int {
            switch self {
            case .alive: 0
            case .suspect: 1
            case .dead: 2
            case .left: 3
            }
        }
    }

    /// Stable node id, e.g. `local-1-a`.
    public var id: String

    /// Region the node serves.
    public var region: String

    /// The node's cluster listener.
    public var address: ClusterAddress

    /// Raised only by the member itself: at start (from the wall clock, so a restart is newer) and to refute
    /// suspicion of itself.
    public var incarnation: UInt64

    /// Where the member stands.
    public var state: State

    /// Creates a member record.
    public init(id: String, region: String, address: ClusterAddress, incarnation: UInt64, state: State) {
        self.id = id
        self.region = region
        self.address = address
        self.incarnation = incarnation
        self.state = state
    }

    /// Whether the member may lead shards: alive or merely suspected.
    public var isLive: Bool { state == .alive || state == .suspect }

    /// Whether `other`, a record of the same member, overrides this one: a higher incarnation, or the same
    /// incarnation with a later state.
    public func isSuperseded(by other: Member) -> Bool {
        if other.incarnation != incarnation { return other.incarnation > incarnation }
        return state < other.state
    }
}
