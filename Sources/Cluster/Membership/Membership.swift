/// The membership protocol as a pure state machine: events in (ticks, received messages, leave), actions out
/// (messages to send). It owns no socket and reads no clock; the caller passes `now` with every event.
///
/// Every heartbeat interval a node sends its whole member table to every live peer. A peer silent for
/// ``MembershipConfiguration/probeAfter`` is probed indirectly through other members; silent past
/// ``MembershipConfiguration/suspectAfter`` it becomes suspect, and after
/// ``MembershipConfiguration/suspicionTimeout`` more of silence, dead. A member that sees itself suspected or
/// declared dead refutes by raising its incarnation. A node whose own ticks run late is starved: it forgives the
/// silence it measured, widens its timeouts and accuses no one on its own evidence until it recovers.
///
/// A value type; not shared between threads (the shell guards it with a lock).
public struct Membership: Sendable {
    /// What the shell must do.
    public enum Action: Sendable, Equatable {
        /// Send `message` to the listener at `address`; losing it is harmless.
        case send(MembershipMessage, to: ClusterAddress)
        /// Some member changed state (joined, became suspect, dead, alive again, or left).
        case membershipChanged
    }

    /// What this node knows of a peer beyond its gossiped record.
    struct Peer: Sendable {
        var member: Member
        var lastHeard: ContinuousClock.Instant
        var suspectedAt: ContinuousClock.Instant?
        var probedAt: ContinuousClock.Instant?
    }

    /// This node's own record.
    public internal(set) var local: Member

    /// The timings in force.
    public let configuration: MembershipConfiguration

    /// Starvation penalty: 0 when this node keeps its own deadlines.
    public internal(set) var penalty = 0

    var peers: [String: Peer] = [:]
    let seeds: [ClusterAddress]
    var lastTick: ContinuousClock.Instant?
    var onTimeTicks = 0
    var tickCount = 0

    /// Creates the machine for `local` (its state is forced to alive) with the addresses of seed nodes.
    public init(local: Member, seeds: [ClusterAddress], configuration: MembershipConfiguration = .init()) {
        var member = local
        member.state = .alive
        self.local = member
        self.seeds = seeds.filter { $0 != local.address }
        self.configuration = configuration
    }

    /// Every member known, this node included, by id.
    public var members: [Member] {
        ([local] + peers.values.map(\.member)).sorted { $0.id < $1.id }
    }

    /// Whether this node's own timers run late; while true it accuses no one.
    public var isStarved: Bool { penalty > 0 }

    /// Multiplier of every timeout: `1 + penalty`.
    public var timeoutMultiplier: Int { 1 + penalty }

    /// Whether ``leave()`` was called.
    public var isLeaving: Bool { local.state == .left }

    /// Announces a graceful leave to every live peer. Later events are still handled, but the node never
    /// refutes its departure.
    public mutating func leave() -> [Action] {
        guard !isLeaving else { return [] }
        local.state = .left
        local.incarnation += 1
        let message = heartbeat()
        return livePeers.map { .send(message, to: $0.member.address) } + [.membershipChanged]
    }

    var livePeers: [Peer] {
        peers.values.filter(\.member.isLive).sorted { $0.member.id < $1.member.id }
    }

    func heartbeat() -> MembershipMessage {
        MembershipMessage(kind: .heartbeat, sender: local, members: members)
    }

    func scaled(_ duration: Duration) -> Duration {
        duration * timeoutMultiplier
    }
}
