extension Membership {
    /// Handles one received message.
    ///
    /// 1. Merge the sender's own record and note that it was heard. 2. Act on the kind: merge a heartbeat's
    /// table, probe for a requester, answer a probe, or take (or forward) a probe's answer.
    public mutating func receive(_ message: MembershipMessage, now: ContinuousClock.Instant) -> [Action] {
        var actions: [Action] = []
        guard message.sender.id != local.id else { return [] }
        merge(message.sender, now: now, into: &actions)
        heard(message.sender.id, now: now)

        switch message.kind {
        case .heartbeat:
            for member in message.members { merge(member, now: now, into: &actions) }
            if let sender = peers[message.sender.id], !sender.member.isLive {
                actions.append(.send(heartbeat(), to: message.sender.address))
            }
        case .probeRequest:
            guard let target = message.target else { break }
            let probe = MembershipMessage(kind: .probe, sender: local, target: target, requester: message.sender)
            actions.append(.send(probe, to: target.address))
        case .probe:
            guard let requester = message.requester else { break }
            let answer = MembershipMessage(kind: .probeAck, sender: local, target: local, requester: requester)
            actions.append(.send(answer, to: message.sender.address))
        case .probeAck:
            receiveProbeAck(message, now: now, into: &actions)
        }
        return actions
    }

    private mutating func receiveProbeAck(
        _ message: MembershipMessage, now: ContinuousClock.Instant, into actions: inout [Action]
    ) {
        guard let target = message.target, let requester = message.requester else { return }
        if requester.id == local.id {
            merge(target, now: now, into: &actions)
            heard(target.id, now: now)
        } else {
            let forwarded = MembershipMessage(kind: .probeAck, sender: local, target: target, requester: requester)
            actions.append(.send(forwarded, to: requester.address))
        }
    }

    /// Direct or indirect evidence that `id` runs.
    private mutating func heard(_ id: String, now: ContinuousClock.Instant) {
        guard peers[id] != nil else { return }
        peers[id]!.lastHeard = now
        peers[id]!.probedAt = nil
    }

    /// Applies a gossiped record: about this node, refute any accusation; about a peer, keep the newer record.
    mutating func merge(_ record: Member, now: ContinuousClock.Instant, into actions: inout [Action]) {
        if record.id == local.id {
            refute(record)
            return
        }

        guard let known = peers[record.id] else {
            let suspectedAt = record.state == .suspect ? now : nil
            peers[record.id] = Peer(member: record, lastHeard: now, suspectedAt: suspectedAt)
            actions.append(.membershipChanged)
            return
        }
        guard known.member.isSuperseded(by: record) else { return }

        var peer = known
        peer.member = record
        if record.state == .suspect && known.member.state != .suspect { peer.suspectedAt = now }
        if record.state != .suspect { peer.suspectedAt = nil }
        if record.state == .alive && known.member.state != .alive { peer.lastHeard = now }
        peers[record.id] = peer
        if record.state != known.member.state { actions.append(.membershipChanged) }
    }

    /// Someone believes this node suspect, dead or gone: outbid that belief with a higher incarnation.
    private mutating func refute(_ record: Member) {
        guard !isLeaving, record.state != .alive, record.incarnation >= local.incarnation else { return }
        local.incarnation = record.incarnation + 1
    }
}
