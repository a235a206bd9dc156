import Cluster
import Testing

/// Rendezvous assignment: balance, minimal movement on join and leave, region fallback by topology.
@Suite struct ShardAssignmentTests {
    func member(_ id: String, _ region: String = "r1", _ state: Member.State = .alive) -> Member {
        Member(
            id: id, region: region, address: ClusterAddress(host: "127.0.0.1", port: 1), incarnation: 1, state: state)
    }

    @Test func everyShardHasOneOwnerAndTheLoadIsBalanced() {
        let assignment = ShardAssignment(shardCount: 256, regions: ["r1"])
        let members = ["a", "b", "c"].map { member($0) }
        let owners = assignment.owners(members: members)

        #expect(owners.count == 256)
        let counts = Dictionary(grouping: owners.values, by: { $0 }).mapValues(\.count)
        for id in ["a", "b", "c"] { #expect((60...110).contains(counts[id] ?? 0), "\(id) owns \(counts[id] ?? 0)") }
    }

    @Test(arguments: [2, 3, 5])
    func joiningNodeTakesAboutItsShareAndNothingElseMoves(nodes: Int) {
        let assignment = ShardAssignment(shardCount: 256, regions: ["r1"])
        let before = (0..<nodes).map { member("n\($0)") }
        let after = before + [member("joiner")]
        let old = assignment.owners(members: before)
        let new = assignment.owners(members: after)

        let moved = old.keys.filter { old[$0] != new[$0] }
        #expect(moved.allSatisfy { new[$0] == "joiner" })
        let share = Double(moved.count) / 256
        let ideal = 1 / Double(nodes + 1)
        #expect(abs(share - ideal) < 0.08, "moved \(share), ideal \(ideal)")
    }

    @Test func leavingNodeHandsOnlyItsOwnShards() {
        let assignment = ShardAssignment(shardCount: 256, regions: ["r1"])
        let members = ["a", "b", "c", "d"].map { member($0) }
        let old = assignment.owners(members: members)
        let new = assignment.owners(members: members.map { $0.id == "c" ? member("c", "r1", .dead) : $0 })

        for (shard, owner) in old where owner != "c" { #expect(new[shard] == owner) }
        #expect(!new.values.contains("c"))
        #expect(new.count == 256)
    }

    @Test func suspectNodesKeepTheirShards() {
        let assignment = ShardAssignment(shardCount: 64, regions: ["r1"])
        let alive = ["a", "b"].map { member($0) }
        let suspected = [member("a"), member("b", "r1", .suspect)]
        #expect(assignment.owners(members: alive) == assignment.owners(members: suspected))
    }

    @Test func regionWithoutLiveNodesIsServedByTheNearestRegionAndHandedBack() {
        let assignment = ShardAssignment(
            shardCount: 16, regions: ["r1", "r2", "r3"],
            links: [("r1", "r2", 90), ("r1", "r3", 160), ("r2", "r3", 220)])
        var members = [member("a", "r1"), member("b", "r2"), member("c", "r3", .dead)]

        let fallback = assignment.owners(members: members)
        #expect((0..<16).allSatisfy { fallback[ShardID(region: "r3", shard: $0)] == "a" })
        #expect((0..<16).allSatisfy { fallback[ShardID(region: "r2", shard: $0)] == "b" })

        members[2].state = .alive
        let restored = assignment.owners(members: members)
        #expect((0..<16).allSatisfy { restored[ShardID(region: "r3", shard: $0)] == "c" })
    }

    @Test func noLiveNodeMeansNoOwner() {
        let assignment = ShardAssignment(shardCount: 4, regions: ["r1"])
        #expect(assignment.owners(members: [member("a", "r1", .left)]).isEmpty)
        #expect(assignment.servingRegion(for: "r1", liveRegions: []) == nil)
    }
}
