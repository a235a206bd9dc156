extension Membership {
    /// Handles one timer tick.
    ///
    /// 1. Notice starvation (a late tick). 2. Judge each silent peer: probe, suspect, declare dead.
    /// 3. Heartbeat every live peer; now and then dead peers and unanswered seeds too.
    public mutating func tick(now: ContinuousClock.Instant) -> [Action] {
        checkStarvation(now: now)
        tickCount += 1
        var actions: [Action] = []

        if !isStarved && !isLeaving {
            for id in peers.keys.sorted() { judge(id, now: now, into: &actions) }
        }

        let message = heartbeat()
        for peer in livePeers { actions.append(.send(message, to: peer.member.address)) }
        if tickCount % configuration.slowGossipTicks == 1 || configuration.slowGossipTicks == 1 {
            for address in slowGossipAddresses() { actions.append(.send(message, to: address)) }
        }
        return actions
    }

    /// A tick far later than the interval means this node was not running: forgive the silence it measured
    /// and widen the timeouts; on-time ticks narrow them again.
    private mutating func checkStarvation(now: ContinuousClock.Instant) {
        defer { lastTick = now }
        guard let lastTick else { return }

        guard now - lastTick > configuration.heartbeatInterval + configuration.lateTickThreshold else {
            onTimeTicks += 1
            if penalty > 0 && onTimeTicks >= configuration.recoveryTicks {
                penalty -= 1
                onTimeTicks = 0
            }
            return
        }

        penalty = min(penalty + 1, configuration.maximumPenalty)
        onTimeTicks = 0
        for id in peers.keys {
            peers[id]!.lastHeard = now
            peers[id]!.probedAt = nil
            if peers[id]!.suspectedAt != nil { peers[id]!.suspectedAt = now }
        }
    }

    /// Steps for one peer: 1. silent past `probeAfter`: ask others to probe it. 2. past `suspectAfter`:
    /// suspect it. 3. suspect, still silent, past `suspicionTimeout`: declare it dead.
    private mutating func judge(_ id: String, now: ContinuousClock.Instant, into actions: inout [Action]) {
        guard var peer = peers[id], peer.member.isLive else { return }
        let silence = now - peer.lastHeard

        if silence >= scaled(configuration.probeAfter),
            peer.probedAt.map({ now - $0 >= configuration.heartbeatInterval }) ?? true
        {
            actions += probeRequests(for: peer.member)
            peer.probedAt = now
        }

        if peer.member.state == .alive && silence >= scaled(configuration.suspectAfter) {
            peer.member.state = .suspect
            peer.suspectedAt = now
            actions.append(.membershipChanged)
        } else if peer.member.state == .suspect, silence >= scaled(configuration.suspectAfter),
            let suspectedAt = peer.suspectedAt, now - suspectedAt >= scaled(configuration.suspicionTimeout)
        {
            peer.member.state = .dead
            peer.suspectedAt = nil
            actions.append(.membershipChanged)
        }
        peers[id] = peer
    }

    /// Up to `indirectProbeCount` other live peers, rotating with the tick count so each round asks others.
    private func probeRequests(for target: Member) -> [Action] {
        let helpers = livePeers.filter { $0.member.id != target.id && $0.member.state == .alive }
        guard !helpers.isEmpty, configuration.indirectProbeCount > 0 else { return [] }

        let count = min(configuration.indirectProbeCount, helpers.count)
        let message = MembershipMessage(kind: .probeRequest, sender: local, target: target)
        return (0..<count).map { offset in
            .send(message, to: helpers[(tickCount + offset) % helpers.count].member.address)
        }
    }

    /// Dead and departed peers, and seeds that no known member answers from.
    private func slowGossipAddresses() -> [ClusterAddress] {
        let known = Set(peers.values.map(\.member.address))
        let departed = peers.values.filter { !$0.member.isLive }.map(\.member.address)
        let unanswered = seeds.filter { !known.contains($0) }
        return (departed + unanswered).sorted { $0.description < $1.description }
    }
}
