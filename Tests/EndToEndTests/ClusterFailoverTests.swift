import Foundation
import Testing

/// Three or four real nodes of one region with jobs firing every second, through each kind of failure: after each,
/// no instant is missing, none is delivered under two fire ids, no epoch had two holders and the shards are
/// balanced again.
@Suite(.serialized) struct ClusterFailoverTests {
    /// Shards of `node` now.
    func shards(of node: String, in cluster: TestCluster) throws -> Set<Int> {
        Set(try cluster.leases().filter { $0.value.holder == node }.keys)
    }

    /// Waits until none of `shards` is held by `node`; returns how long that took since `start`.
    func waitTakenOver(_ shards: Set<Int>, from node: String, in cluster: TestCluster, since start: Date) async throws
        -> Double
    {
        try await waitFor(timeout: 15, "the shards of \(node) taken over") {
            try cluster.leases().filter { shards.contains($0.key) }.allSatisfy { $0.value.holder != node }
        }
        return Date().timeIntervalSince(start)
    }

    func verify(_ cluster: TestCluster, _ monitor: LeaseMonitor, jobs: [String], until: Date) async throws {
        try await cluster.waitBalanced()
        let issues = try await cluster.settleAndVerify(jobs, until: until)
        #expect(issues.isEmpty, "\(issues)\n\(cluster.logs)")
        let breaches = monitor.stop()
        #expect(breaches.isEmpty, "\(breaches)")
    }

    @Test func killedNodeShardsMoveWithinSecondsAndNoInstantIsLostOrDoubled() async throws {
        let cluster = try await TestCluster.start(nodes: 3)
        defer { cluster.stop() }
        let monitor = try cluster.makeMonitor()
        let jobs = try await cluster.startWorkload(jobs: 9)

        try await cluster.waitForMidPhase(jobs)
        let victim = cluster.nodeID(2)
        let held = try shards(of: victim, in: cluster)
        #expect(!held.isEmpty)
        let killedAt = Date()
        cluster.signal(2, SIGKILL)
        let takeover = try await waitTakenOver(held, from: victim, in: cluster, since: killedAt)
        #expect(takeover < 4, "takeover took \(takeover) s")

        try await cluster.waitForExit(2)
        try await verify(cluster, monitor, jobs: jobs, until: killedAt.addingTimeInterval(4))
    }

    @Test func nodeKilledWhileHoldingClaimedFiresLosesNone() async throws {
        let cluster = try await TestCluster.start(nodes: 3)
        defer { cluster.stop() }
        let jobs = try await cluster.startWorkload(jobs: 9)

        // 120 ms before an instant every node has claimed its share of that instant's fires and waits to send.
        try await cluster.waitForPhase(jobs, fraction: 0.88)
        let killedAt = Date()
        cluster.signal(2, SIGKILL)
        try await cluster.waitForExit(2)

        let issues = try await cluster.settleAndVerify(jobs, until: killedAt.addingTimeInterval(4), timeout: 12)
        #expect(issues.isEmpty, "\(issues)\n\(cluster.logs)")
    }

    @Test func nodeFrozenPastTheTimeoutIsFencedAndRejoinsWhenItWakes() async throws {
        let cluster = try await TestCluster.start(nodes: 3)
        defer { cluster.stop() }
        let monitor = try cluster.makeMonitor()
        let jobs = try await cluster.startWorkload(jobs: 9)

        try await cluster.waitForMidPhase(jobs)
        let victim = cluster.nodeID(1)
        let held = try shards(of: victim, in: cluster)
        #expect(!held.isEmpty)
        let frozenAt = Date()
        cluster.signal(1, SIGSTOP)
        let takeover = try await waitTakenOver(held, from: victim, in: cluster, since: frozenAt)
        #expect(takeover < 5, "takeover took \(takeover) s")

        cluster.signal(1, SIGCONT)
        try await cluster.waitBalanced()
        #expect(try !shards(of: victim, in: cluster).isEmpty, "the woken node leads shards again")
        try await verify(cluster, monitor, jobs: jobs, until: Date().addingTimeInterval(2))
    }

    @Test func freezeShorterThanTheTimeoutMovesNothing() async throws {
        let cluster = try await TestCluster.start(nodes: 3)
        defer { cluster.stop() }
        let monitor = try cluster.makeMonitor()
        let jobs = try await cluster.startWorkload(jobs: 6)

        try await cluster.waitForMidPhase(jobs)
        let before = try cluster.leases().mapValues { "\($0.holder ?? "")@\($0.epoch)" }
        let frozenAt = Date()
        cluster.signal(0, SIGSTOP)
        try await waitFor(timeout: 2, "a 250 ms freeze") { Date().timeIntervalSince(frozenAt) >= 0.25 }
        cluster.signal(0, SIGCONT)

        try await verify(cluster, monitor, jobs: jobs, until: frozenAt.addingTimeInterval(4))
        let after = try cluster.leases().mapValues { "\($0.holder ?? "")@\($0.epoch)" }
        #expect(after == before, "no shard moved")
    }

    @Test func gracefulStopFinishesTheLongCallbackAndHandsShardsOverAtOnce() async throws {
        let cluster = try await TestCluster.start(nodes: 3)
        defer { cluster.stop() }
        let monitor = try cluster.makeMonitor()
        let jobs = try cluster.createJobs(6)
        let slow = try cluster.createJobs(2, path: "/delay/3000")
        try await cluster.waitBalanced()
        try await cluster.waitForDeliveries(jobs, atLeast: 2)

        let victim = try #require(cluster.nodes.last)
        try await waitFor(timeout: 10, "a long callback in flight on \(victim.id)") {
            try cluster.inFlight(on: victim) > 0
        }
        let held = try shards(of: victim.id, in: cluster)
        #expect(!held.isEmpty)
        let stoppedAt = Date()
        cluster.signal(2, SIGTERM)
        let handover = try await waitTakenOver(held, from: victim.id, in: cluster, since: stoppedAt)
        #expect(handover < 1.5, "handover took \(handover) s")
        #expect(victim.process.isRunning, "the node is still finishing its callback")

        try await cluster.waitForExit(2)
        let log = (try? String(contentsOf: victim.log, encoding: .utf8)) ?? ""
        #expect(!log.contains("Attempts abandoned"), "every attempt in flight finished")
        #expect(victim.process.terminationStatus == 0)
        try await verify(cluster, monitor, jobs: jobs + slow, until: stoppedAt.addingTimeInterval(3))

        // The leaving node finished its long callbacks itself: nobody else sent those fires again.
        let slowReceipts = try cluster.received().filter { slow.contains(($0["jobId"] as? String) ?? "") }
        let sends = Dictionary(grouping: slowReceipts.compactMap { $0["fireId"] as? String }, by: { $0 })
        #expect(sends.values.allSatisfy { $0.count == 1 }, "a fire of a slow job was sent twice: \(sends)")
    }

    @Test func joiningNodeTakesAboutItsShareFromTheOthersOnly() async throws {
        let cluster = try await TestCluster.start(nodes: 3, spare: 1)
        defer { cluster.stop() }
        let monitor = try cluster.makeMonitor()
        let jobs = try await cluster.startWorkload(jobs: 9)

        let before = try cluster.leases()
        let joinedAt = Date()
        try await cluster.startNode(3)
        try await cluster.waitBalanced()
        let after = try cluster.leases()

        let moved = before.keys.filter { before[$0]?.holder != after[$0]?.holder }
        #expect(moved.allSatisfy { after[$0]?.holder == cluster.nodeID(3) }, "only the joiner gained shards")
        let share = Double(moved.count) / Double(cluster.shardCount)
        #expect(share > 0.1 && share < 0.45, "the joiner took \(share) of the shards")
        try await verify(cluster, monitor, jobs: jobs, until: joinedAt.addingTimeInterval(3))
    }
}
