import API
import Cluster
import Foundation
import Postgres
import Scheduler
import Synchronization
import Telemetry

/// The node's part in the cluster: membership over TCP, the shard assignment computed from it, and the lease
/// loop that follows the assignment. A membership change recomputes the desired shards and runs the lease loop
/// at once.
final class NodeCluster: Sendable {
    let membership: MembershipService
    let leases: ShardLeaseManager
    let assignment: ShardAssignment
    private let nodeID: String
    private let hasSeeds: Bool
    private let logger: Logger
    private let membershipWakeup = Wakeup()
    private let leaseWakeup = Wakeup()
    private let threads = ThreadSlots()
    /// Serializes ``applyAssignment()``: membership calls it from two threads, and a stale snapshot must never be
    /// the last one written.
    private let assigning = Mutex(())

    /// Binds the cluster listener and prepares the lease loop; nothing runs until ``start()``.
    init(configuration: NodeConfiguration, postgres: PostgresConfiguration, logger: Logger, metrics: MetricsRegistry)
        throws
    {
        nodeID = configuration.nodeID
        hasSeeds = !configuration.seeds.isEmpty
        self.logger = logger

        var membershipConfiguration = MembershipService.Configuration(
            nodeID: configuration.nodeID, region: configuration.region, host: configuration.clusterHost,
            port: configuration.clusterPort, seeds: configuration.seeds.compactMap(ClusterAddress.init))
        membershipConfiguration.timings = configuration.membershipTimings
        membership = try MembershipService(
            configuration: membershipConfiguration, logger: logger.labelled("membership"), metrics: metrics)

        let links = configuration.regionTopology.map { ($0.between[0], $0.between[1], $0.latencyMs) }
        assignment = ShardAssignment(
            shardCount: configuration.shardCount, regions: [configuration.region], links: links)

        var leaseConfiguration = ShardLeaseManager.Configuration(
            region: configuration.region, nodeID: configuration.nodeID, shardCount: configuration.shardCount,
            postgres: postgres)
        leaseConfiguration.renewInterval = .milliseconds(configuration.leaseRenewIntervalMs)
        leaseConfiguration.notifyChannel = JobStore.notificationChannel
        leases = ShardLeaseManager(
            configuration: leaseConfiguration, logger: logger.labelled("leases"), metrics: metrics)
        leases.setDesiredShards(Set<ShardID>())
    }

    /// Regions whose shards this node may lead: its own first, then the others of the topology by name.
    var servedRegions: [String] {
        let home = membership.members().first { $0.id == nodeID }?.region ?? ""
        return [home] + assignment.regions.subtracting([home]).sorted()
    }

    /// Starts membership, waits briefly to hear from a peer (so a joining node does not grab every shard first),
    /// then starts the lease loop on the current assignment.
    ///
    /// - Throws: ``ClusterError`` `notDirectSession` when the primary is reached through a pooling proxy.
    func start() throws {
        try leases.verifyDirectSession()
        membership.onChange { [weak self] _ in self?.applyAssignment() }
        threads.start("membership") { [membership, membershipWakeup] in membership.run(wakeup: membershipWakeup) }

        if hasSeeds {
            let deadline = Date().addingTimeInterval(2)
            while membership.members().count < 2 && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        }
        applyAssignment()
        threads.start("leases") { [leases, leaseWakeup] in leases.run(wakeup: leaseWakeup) }
        logger.info("Cluster joined", ["cluster.address": membership.address.description])
    }

    /// Recomputes the shards this node should lead and runs the lease loop at once.
    func applyAssignment() {
        assigning.withLock { _ in
            let members = membership.members()
            leases.setDeadNodes(
                Set(members.filter { !$0.isLive }.map(\.id)),
                failed: Set(members.filter { $0.state == .dead }.map(\.id)))
            leases.setDesiredShards(assignment.shards(of: nodeID, members: members))
            leaseWakeup.signal()
        }
    }

    /// What `GET /v1/cluster` shows.
    func snapshot() -> ClusterRoutes.Snapshot {
        let members = membership.members()
        return ClusterRoutes.Snapshot(
            nodeID: nodeID, members: members, desiredOwners: assignment.owners(members: members))
    }

    /// Stops the lease loop, which releases every shard, then announces the leave: the new owners, told by the
    /// leave, find the shards free and take them at once, with no takeover of a node still finishing callbacks.
    func releaseAndLeave() {
        leases.setDesiredShards(Set<ShardID>())
        leaseWakeup.stop()
        threads.join(named: "leases")
        membership.leave()
    }

    /// Stops membership; call last.
    func stop() {
        leaseWakeup.stop()
        membershipWakeup.stop()
        threads.joinAll()
    }
}
