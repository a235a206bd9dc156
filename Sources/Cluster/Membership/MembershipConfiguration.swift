/// Timings of the failure detector. The defaults suit nodes on one LAN or loopback: a dead node is declared
/// about 1.6 s after it went silent.
public struct MembershipConfiguration: Sendable, Equatable {
    /// Time between two heartbeats to every member. Default 200 ms: short enough that three missed beats fit
    /// within the suspicion threshold.
    public var heartbeatInterval: Duration = .milliseconds(200)

    /// Silence after which other members are asked to probe a peer indirectly. Default 400 ms (two beats).
    public var probeAfter: Duration = .milliseconds(400)

    /// Silence, despite indirect probes, after which a peer becomes suspect. Default 600 ms (three beats).
    public var suspectAfter: Duration = .milliseconds(600)

    /// How long a suspect, still silent, has to refute before it is declared dead. Default 1 s: a refutation
    /// needs one round trip, so this leaves room for a few lost beats.
    public var suspicionTimeout: Duration = .seconds(1)

    /// Members asked to probe a silent peer on this node's behalf. Default 2.
    public var indirectProbeCount: Int = 2

    /// A tick later than `heartbeatInterval + lateTickThreshold` means this node itself was starved (a stall,
    /// a freeze, an overloaded machine). Default 300 ms.
    public var lateTickThreshold: Duration = .milliseconds(300)

    /// Highest starvation penalty; timeouts are multiplied by `1 + penalty`. Default 4.
    public var maximumPenalty: Int = 4

    /// On-time ticks that lower the penalty by one. Default 10 (two seconds at the default interval).
    public var recoveryTicks: Int = 10

    /// Heartbeats to dead or departed members and to unanswered seeds go out every this many ticks, so a node
    /// that restarts or wakes up learns where it stands. Default 5.
    public var slowGossipTicks: Int = 5

    /// Creates the default timings.
    public init() {}

    /// Checks the timings; returns the name of the first field that is wrong, or `nil`.
    public func invalidField() -> String? {
        if heartbeatInterval <= .zero { return "heartbeatInterval" }
        if probeAfter < heartbeatInterval { return "probeAfter" }
        if suspectAfter < probeAfter { return "suspectAfter" }
        if suspicionTimeout < heartbeatInterval { return "suspicionTimeout" }
        if indirectProbeCount < 0 { return "indirectProbeCount" }
        if maximumPenalty < 0 || recoveryTicks < 1 || slowGossipTicks < 1 { return "maximumPenalty" }
        return nil
    }
}
