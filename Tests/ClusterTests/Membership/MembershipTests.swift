import Cluster
import Testing

/// The failure detector on a simulated clock: suspicion, refutation, indirect probes, starvation, leave, rejoin.
@Suite struct MembershipTests {
    let ids = ["a", "b", "c", "d"]

    @Test func seedsMakeEveryNodeKnowEveryOtherAlive() {
        var cluster = SimulatedCluster(ids: ids)
        cluster.run(for: .seconds(2))

        for observer in ids {
            #expect(cluster.nodes[observer]!.members.map(\.id) == ids)
            #expect(cluster.nodes[observer]!.members.allSatisfy { $0.state == .alive })
        }
    }

    @Test func silentNodeIsSuspectedThenDeclaredDeadOnSchedule() {
        var cluster = SimulatedCluster(ids: ids)
        cluster.run(for: .seconds(2))
        cluster.frozen = ["d"]

        cluster.run(for: .milliseconds(400))
        #expect(cluster.state(of: "d", seenBy: "a") == .alive)
        cluster.run(for: .milliseconds(200))
        #expect(cluster.state(of: "d", seenBy: "a") == .suspect)
        cluster.run(for: .milliseconds(800))
        #expect(cluster.state(of: "d", seenBy: "a") == .suspect)
        cluster.run(for: .milliseconds(200))
        for observer in ["a", "b", "c"] { #expect(cluster.state(of: "d", seenBy: observer) == .dead) }
    }

    @Test func pauseShorterThanTheSuspicionThresholdByABeatChangesNothing() {
        var cluster = SimulatedCluster(ids: ids)
        cluster.run(for: .seconds(2))
        let changesBefore = cluster.changes
        cluster.frozen = ["d"]
        cluster.run(for: .milliseconds(200))
        cluster.frozen = []
        cluster.run(for: .seconds(3))

        for observer in ids { #expect(cluster.nodes[observer]!.members.allSatisfy { $0.state == .alive }) }
        #expect(cluster.changes == changesBefore)
    }

    @Test func suspectedNodeRefutesByRaisingItsIncarnation() {
        var cluster = SimulatedCluster(ids: ids)
        cluster.run(for: .seconds(2))
        let before = cluster.nodes["d"]!.local.incarnation
        cluster.cutLinks = [["a", "d"], ["b", "d"], ["c", "d"]]
        cluster.run(for: .milliseconds(600))
        #expect(cluster.state(of: "d", seenBy: "a") == .suspect)

        cluster.cutLinks = []
        cluster.run(for: .milliseconds(400))
        #expect(cluster.nodes["d"]!.local.incarnation > before)
        for observer in ["a", "b", "c"] {
            #expect(cluster.state(of: "d", seenBy: observer) == .alive)
            #expect(cluster.incarnation(of: "d", seenBy: observer) == cluster.nodes["d"]!.local.incarnation)
        }
        cluster.run(for: .seconds(3))
        #expect(cluster.state(of: "d", seenBy: "a") == .alive)
    }

    @Test func indirectProbesKeepANodeAliveWhenOnlyOneLinkIsCut() {
        var cluster = SimulatedCluster(ids: ids)
        cluster.run(for: .seconds(2))
        cluster.cutLinks = [["a", "d"]]
        cluster.run(for: .seconds(5))

        for observer in ids { #expect(cluster.nodes[observer]!.members.allSatisfy { $0.state == .alive }) }
    }

    @Test func starvedNodeForgivesTheSilenceItMeasuredAndWidensItsTimeouts() {
        var cluster = SimulatedCluster(ids: ids)
        cluster.run(for: .seconds(2))
        let lastTick = cluster.now

        var starved = cluster.nodes["a"]!
        _ = starved.tick(now: lastTick + .seconds(3))
        #expect(starved.isStarved)
        #expect(starved.timeoutMultiplier == 2)
        #expect(starved.members.allSatisfy { $0.state == .alive })

        _ = starved.tick(now: lastTick + .milliseconds(3_200))
        _ = starved.tick(now: lastTick + .milliseconds(3_900))
        #expect(starved.members.allSatisfy { $0.state == .alive }, "a starved node accuses no one")
        #expect(starved.timeoutMultiplier == 3)
    }

    @Test func starvationPenaltyDecaysAfterOnTimeTicks() {
        var machine = SimulatedCluster(ids: ["a"]).nodes["a"]!
        let start = ContinuousClock.now
        _ = machine.tick(now: start)
        _ = machine.tick(now: start + .seconds(2))
        #expect(machine.penalty == 1)

        for step in 1...10 { _ = machine.tick(now: start + .seconds(2) + .milliseconds(200 * step)) }
        #expect(machine.penalty == 0)
        #expect(!machine.isStarved)
    }

    @Test func frozenNodeWakesUpRefutesItsDeathAndIsAliveAgain() {
        var cluster = SimulatedCluster(ids: ids)
        cluster.run(for: .seconds(2))
        cluster.frozen = ["d"]
        cluster.run(for: .seconds(3))
        #expect(cluster.state(of: "d", seenBy: "a") == .dead)

        cluster.frozen = []
        cluster.run(for: .seconds(2))
        for observer in ids { #expect(cluster.nodes[observer]!.members.allSatisfy { $0.state == .alive }) }
        #expect(cluster.nodes["d"]!.isStarved)
    }

    @Test func gracefulLeaveIsKnownAtOnceAndNeverRefuted() {
        var cluster = SimulatedCluster(ids: ids)
        cluster.run(for: .seconds(2))
        let actions = cluster.nodes["d"]!.leave()
        cluster.perform(actions, from: "d")

        for observer in ["a", "b", "c"] { #expect(cluster.state(of: "d", seenBy: observer) == .left) }
        cluster.run(for: .seconds(3))
        #expect(cluster.state(of: "d", seenBy: "a") == .left)
        #expect(cluster.nodes["d"]!.local.state == .left)
    }

    @Test func restartedNodeRejoinsWithAHigherIncarnation() {
        var cluster = SimulatedCluster(ids: ids)
        cluster.run(for: .seconds(2))
        cluster.frozen = ["d"]
        cluster.run(for: .seconds(3))
        cluster.nodes["d"] = nil
        cluster.frozen = []

        cluster.join("d", incarnation: 50, seeds: ["a"])
        cluster.run(for: .seconds(2))
        for observer in ["a", "b", "c"] {
            #expect(cluster.state(of: "d", seenBy: observer) == .alive)
            #expect(cluster.incarnation(of: "d", seenBy: observer) == 50)
        }
    }

    @Test(arguments: [Member.State.suspect, .dead, .left])
    func staleRecordDoesNotOverrideANewerIncarnation(state: Member.State) {
        let address = ClusterAddress(host: "127.0.0.1", port: 1)
        let fresh = Member(id: "x", region: "r", address: address, incarnation: 5, state: .alive)
        var stale = fresh
        stale.incarnation = 4
        stale.state = state
        var same = fresh
        same.state = state

        #expect(!fresh.isSuperseded(by: stale))
        #expect(fresh.isSuperseded(by: same))
    }
}
