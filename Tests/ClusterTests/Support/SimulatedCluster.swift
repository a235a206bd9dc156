import Cluster

/// Membership machines of several nodes wired through an in-memory network, on a simulated clock.
///
/// Messages are delivered at once, unless the sender or the receiver is frozen or their link is cut. Frozen
/// nodes neither tick nor receive; what was sent to them is lost.
struct SimulatedCluster {
    let start = ContinuousClock.now
    var elapsed: Duration = .zero
    var nodes: [String: Membership] = [:]
    var frozen: Set<String> = []
    var cutLinks: Set<[String]> = []
    var changes: [String: Int] = [:]
    var delivered = 0

    var now: ContinuousClock.Instant { start + elapsed }

    init(ids: [String], region: String = "r1", configuration: MembershipConfiguration = .init()) {
        let addresses = ids.enumerated().map { ClusterAddress(host: "127.0.0.1", port: 7_000 + $0.offset) }
        for (index, id) in ids.enumerated() {
            let member = Member(id: id, region: region, address: addresses[index], incarnation: 1, state: .alive)
            nodes[id] = Membership(local: member, seeds: addresses, configuration: configuration)
        }
    }

    /// Adds a node that knows `seeds` (ids of running nodes).
    mutating func join(_ id: String, region: String = "r1", incarnation: UInt64 = 1, seeds: [String]) {
        let address = ClusterAddress(host: "127.0.0.1", port: 7_100 + nodes.count)
        let member = Member(id: id, region: region, address: address, incarnation: incarnation, state: .alive)
        let seedAddresses = seeds.compactMap { nodes[$0]?.local.address }
        nodes[id] = Membership(local: member, seeds: seedAddresses, configuration: nodes.values.first!.configuration)
    }

    /// Advances the clock by `duration` in steps of `step`, ticking every running node at each step.
    mutating func run(for duration: Duration, step: Duration = .milliseconds(200)) {
        let end = elapsed + duration
        while elapsed < end {
            elapsed += step
            for id in nodes.keys.sorted() where !frozen.contains(id) {
                let actions = nodes[id]!.tick(now: now)
                perform(actions, from: id)
            }
        }
    }

    /// The state `observer` holds of `subject`.
    func state(of subject: String, seenBy observer: String) -> Member.State? {
        nodes[observer]?.members.first { $0.id == subject }?.state
    }

    func incarnation(of subject: String, seenBy observer: String) -> UInt64? {
        nodes[observer]?.members.first { $0.id == subject }?.incarnation
    }

    mutating func perform(_ actions: [Membership.Action], from sender: String) {
        for action in actions {
            switch action {
            case .membershipChanged:
                changes[sender, default: 0] += 1
            case .send(let message, let address):
                guard let receiver = nodes.first(where: { $0.value.local.address == address })?.key else { continue }
                guard !frozen.contains(receiver), !frozen.contains(sender) else { continue }
                guard !cutLinks.contains([sender, receiver].sorted()) else { continue }
                delivered += 1
                let reactions = nodes[receiver]!.receive(message, now: now)
                perform(reactions, from: receiver)
            }
        }
    }
}
