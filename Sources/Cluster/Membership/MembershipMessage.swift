/// One frame of the membership protocol. Every message carries its sender's own record.
public struct MembershipMessage: Sendable, Codable, Equatable {
    /// What the message asks or tells.
    public enum Kind: String, Sendable, Codable {
        /// The sender is alive; `members` is its whole member table.
        case heartbeat
        /// The sender cannot hear `target` and asks the receiver to probe it on its behalf.
        case probeRequest
        /// The receiver (`target`) is asked to answer the sender, who probes for `requester`.
        case probe
        /// `target` answered a probe made for `requester`.
        case probeAck
    }

    /// What the message asks or tells.
    public var kind: Kind

    /// The sender's own record.
    public var sender: Member

    /// The sender's member table (heartbeats only; empty otherwise).
    public var members: [Member] = []

    /// The member probed (probe messages only).
    public var target: Member?

    /// The member a probe is made for (probe messages only).
    public var requester: Member?

    /// Creates a message.
    public init(kind: Kind, sender: Member, members: [Member] = [], target: Member? = nil, requester: Member? = nil) {
        self.kind = kind
        self.sender = sender
        self.members = members
        self.target = target
        self.requester = requester
    }
}
