import Foundation
import Postgres
import Synchronization
import Telemetry

/// Holds this node's shard leaderships: one session advisory lock per shard on a dedicated, direct connection
/// to the primary, and an epoch in `shard_leases` raised on every acquisition.
///
/// The manager fails closed: any error, timeout or doubt about the lock session (a lost connection, a lock count
/// that does not match what it believes it holds) drops every shard at once before it reconnects and
/// re-acquires. Readers see the shards through ``ownedShards()``; the dispatcher checks each shard's epoch inside
/// its own transaction, so a holder that lost its session can never write under an old epoch.
///
/// A desired shard held by a node that membership declared dead is taken over: the holder's lock session (the pid
/// recorded in `shard_leases`, checked against its application name) and the dead node's pool connections are
/// terminated, so a frozen holder that wakes up finds its sessions gone and its epochs moved.
///
/// Thread-safe. One manager runs the loop; ``view(region:)`` gives per-region views of the same leases.
public final class ShardLeaseManager: Sendable {
    /// Tunables of the lease loop.
    public struct Configuration: Sendable {
        /// The node's home region; ``ShardLeaseManager/ownedShards()`` of the root manager reports its shards.
        public var region: String

        /// The node's id, written as the holder of its shards.
        public var nodeID: String

        /// Shards in each region. Default 256.
        public var shardCount: Int = 256

        /// How often the session is checked and missing shards are tried; the loop also runs at once when woken.
        /// Default 500 ms.
        public var renewInterval: Duration = .milliseconds(500)

        /// Channel notified after shards are won, so dispatchers listening on it run a pass at once. Default none.
        public var notifyChannel: String?

        /// Direct connection to the primary (never a transaction-pooling proxy).
        public var postgres: PostgresConfiguration

        /// Creates a configuration that desires every shard of `region` until told otherwise.
        public init(region: String, nodeID: String, shardCount: Int = 256, postgres: PostgresConfiguration) {
            self.region = region
            self.nodeID = nodeID
            self.shardCount = shardCount
            self.postgres = postgres
        }
    }

    /// The application name of a node's lock session, by which a taker recognises it.
    public static func leaseApplicationName(nodeID: String) -> String { "meridian-leases-\(nodeID)" }

    /// The application name a node's connection pool must use, so that a taker can fence a dead node's writers.
    public static func poolApplicationName(nodeID: String) -> String { "meridian-pool-\(nodeID)" }

    let configuration: Configuration
    let logger: Logger
    let book: LeaseBook
    private let viewRegion: String
    let ownedGauge: GaugeFamily
    let changes: CounterFamily

    /// Creates a manager that wants every shard of its region until told otherwise with ``setDesiredShards(_:)``.
    public init(configuration: Configuration, logger: Logger, metrics: MetricsRegistry) {
        self.configuration = configuration
        self.logger = logger.with(["region": configuration.region, "node.id": configuration.nodeID])
        self.book = LeaseBook(
            desired: Set((0..<configuration.shardCount).map { ShardID(region: configuration.region, shard: $0) }))
        self.viewRegion = configuration.region
        self.ownedGauge = metrics.gauge("meridian_shards_owned", help: "Shards this node leads.")
        self.changes = metrics.counter(
            "meridian_shard_changes_total", help: "Shard acquisitions and losses.", labels: ["change"])
    }

    private init(viewOf root: ShardLeaseManager, region: String) {
        configuration = root.configuration
        logger = root.logger
        book = root.book
        viewRegion = region
        ownedGauge = root.ownedGauge
        changes = root.changes
    }

    /// A view of the same leases whose ``ownedShards()`` reports `region`'s shards, for a dispatcher of a region
    /// this node serves as a fallback. ``dropAll(reason:)`` on a view drops every shard; never ``run(wakeup:)`` it.
    public func view(region: String) -> ShardLeaseManager {
        ShardLeaseManager(viewOf: self, region: region)
    }

    /// The shards of this manager's region that this node leads now, with the epoch of each leadership.
    public func ownedShards() -> [Int: Int64] {
        book.owned.withLock { owned in
            var shards: [Int: Int64] = [:]
            for (id, epoch) in owned where id.region == viewRegion { shards[id.shard] = epoch }
            return shards
        }
    }

    /// Every shard this node leads now, of any region, with its epoch.
    public func allOwnedShards() -> [ShardID: Int64] {
        book.owned.withLock { $0 }
    }

    /// Replaces the shards of the home region this node should lead; shards outside it are released on the next
    /// tick. Shards of other regions are no longer desired.
    public func setDesiredShards(_ shards: Set<Int>) {
        setDesiredShards(Set(shards.map { ShardID(region: configuration.region, shard: $0) }))
    }

    /// Replaces the shards, of any region, this node should lead; others are released on the next tick.
    public func setDesiredShards(_ shards: Set<ShardID>) {
        book.wants.withLock { $0.desired = shards }
    }

    /// Nodes membership declared dead or gone: a desired shard they still hold is taken over. `failed` is the
    /// part of them that died without announcing a leave (a node that left finishes its attempts in flight).
    public func setDeadNodes(_ nodes: Set<String>, failed: Set<String> = []) {
        book.wants.withLock { wants in
            wants.deadNodes = nodes
            wants.failedNodes = failed
        }
    }

    /// Nodes that died without a leave, as last set by ``setDeadNodes(_:failed:)``: their claimed attempts will
    /// never finish.
    public func failedNodes() -> Set<String> {
        book.wants.withLock { $0.failedNodes }
    }

    /// Drops every shard at once; the loop reconnects and re-acquires. Called on any doubt, including a failed
    /// epoch check by the dispatcher.
    public func dropAll(reason: String) {
        let dropped = book.owned.withLock { owned in
            defer { owned.removeAll() }
            return owned.count
        }
        guard dropped > 0 else { return }
        ownedGauge.set(0)
        changes.increment("lost", by: Double(dropped))
        logger.info("Shards dropped", ["shard.count": String(dropped), "reason": reason])
    }

    /// Opens a lock session once and closes it, proving the connection is direct.
    ///
    /// - Throws: ``ClusterError`` `notDirectSession` behind a transaction-pooling proxy, or the connection error.
    public func verifyDirectSession() throws {
        try openSession().close()
    }

    /// Runs the lease loop on the calling thread until `wakeup` is stopped, then releases every shard.
    public func run(wakeup: Wakeup) {
        var session: PostgresConnection?

        while !wakeup.isStopping {
            var pause = configuration.renewInterval
            do {
                let connection = try session ?? openSession()
                session = connection
                if try tick(on: connection) { pause = .milliseconds(20) }
            } catch {
                dropAll(reason: "lock session error")
                session?.close()
                session = nil
                report(error)
            }
            wakeup.wait(timeout: pause)
        }
        release(session)
    }

    private func report(_ error: Error) {
        if let error = error as? ClusterError, error.code == .notDirectSession {
            logger.error("Leadership refused", ["error": error.description])
        } else {
            logger.info("Lock session failed", ["error": String(describing: error)])
        }
    }

    /// Opens the lock session and proves it is direct: behind a transaction-pooling proxy the client's backend
    /// pid differs from the server's, and session locks would not belong to this node.
    func openSession() throws -> PostgresConnection {
        var postgres = configuration.postgres
        postgres.statementTimeout = .seconds(2)
        postgres.applicationName = Self.leaseApplicationName(nodeID: configuration.nodeID)
        let connection = try PostgresConnection(configuration: postgres)

        let serverPID = try connection.query("select pg_backend_pid() as pid").rows[0].int("pid")
        guard serverPID == Int(connection.backendPID) else {
            connection.close()
            throw ClusterError(
                code: .notDirectSession,
                message: "leader election needs a direct connection to the primary, not a pooling proxy")
        }
        return connection
    }

    /// Gives up every shard on shutdown: forget them first, then unlock, then close.
    private func release(_ session: PostgresConnection?) {
        dropAll(reason: "shutdown")
        guard let session else { return }
        _ = try? session.query("select pg_advisory_unlock_all()")
        session.close()
    }
}
