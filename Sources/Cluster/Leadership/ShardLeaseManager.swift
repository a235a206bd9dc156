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
public final class ShardLeaseManager: Sendable {
    /// Tunables of the lease loop.
    public struct Configuration: Sendable {
        /// Region whose shards this node may lead.
        public var region: String

        /// The node's id, written as the holder of its shards.
        public var nodeID: String

        /// Shards in the region. Default 256.
        public var shardCount: Int = 256

        /// How often the session is checked and missing shards are tried. Default 500 ms: a shard freed by a
        /// dead holder is taken within about that long.
        public var renewInterval: Duration = .milliseconds(500)

        /// Direct connection to the primary (never a transaction-pooling proxy).
        public var postgres: PostgresConfiguration

        public init(region: String, nodeID: String, shardCount: Int = 256, postgres: PostgresConfiguration) {
            self.region = region
            self.nodeID = nodeID
            self.shardCount = shardCount
            self.postgres = postgres
        }
    }

    private let configuration: Configuration
    private let logger: Logger
    private let owned: Mutex<[Int: Int64]> = Mutex([:])
    private let desired: Mutex<Set<Int>>
    private let ownedGauge: GaugeFamily
    private let changes: CounterFamily

    /// Creates a manager that wants every shard of its region until told otherwise with ``setDesiredShards(_:)``.
    public init(configuration: Configuration, logger: Logger, metrics: MetricsRegistry) {
        self.configuration = configuration
        self.logger = logger.with(["region": configuration.region, "node.id": configuration.nodeID])
        self.desired = Mutex(Set(0..<configuration.shardCount))
        self.ownedGauge = metrics.gauge("meridian_shards_owned", help: "Shards this node leads.")
        self.changes = metrics.counter(
            "meridian_shard_changes_total", help: "Shard acquisitions and losses.", labels: ["change"])
    }

    /// The shards this node leads now, with the epoch of each leadership.
    public func ownedShards() -> [Int: Int64] {
        owned.withLock { $0 }
    }

    /// Replaces the set of shards this node should lead; shards outside it are released on the next tick.
    public func setDesiredShards(_ shards: Set<Int>) {
        desired.withLock { $0 = shards }
    }

    /// Drops every shard at once; the loop reconnects and re-acquires. Called on any doubt, including a failed
    /// epoch check by the dispatcher.
    public func dropAll(reason: String) {
        let dropped = owned.withLock { owned in
            defer { owned.removeAll() }
            return owned.count
        }
        guard dropped > 0 else { return }
        ownedGauge.set(0)
        changes.increment("lost", by: Double(dropped))
        logger.info("Shards dropped", ["shard.count": String(dropped), "reason": reason])
    }

    /// Runs the lease loop on the calling thread until `wakeup` is stopped, then releases every shard.
    public func run(wakeup: Wakeup) {
        var session: PostgresConnection?

        while !wakeup.isStopping {
            do {
                let connection = try session ?? openSession()
                session = connection
                try tick(on: connection)
            } catch {
                dropAll(reason: "lock session error")
                session?.close()
                session = nil
                logger.info("Lock session failed", ["error": String(describing: error)])
            }
            wakeup.wait(timeout: configuration.renewInterval)
        }
        release(session)
    }

    /// Opens the lock session and proves it is direct: behind a transaction-pooling proxy the client's backend
    /// pid differs from the server's, and session locks would not belong to this node.
    private func openSession() throws -> PostgresConnection {
        var postgres = configuration.postgres
        postgres.statementTimeout = .seconds(2)
        postgres.applicationName = "meridian-leases-\(configuration.nodeID)"
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

    /// 1. Verify the session still holds exactly the locks we believe we hold. 2. Release unwanted shards.
    /// 3. Try the missing ones. 4. Raise the epoch of every shard newly won.
    private func tick(on connection: PostgresConnection) throws {
        let believed = ownedShards()
        let held = try connection.query(
            "select count(*) as held from pg_locks where pid = pg_backend_pid() and locktype = 'advisory' and granted"
        ).rows[0].int("held")
        if held != believed.count {
            throw ClusterError(code: .leaseDoubt, message: "the lock session holds \(held) locks, expected \(believed.count)")
        }

        let wanted = desired.withLock { $0 }
        try release(Array(Set(believed.keys).subtracting(wanted)), on: connection)

        let missing = wanted.subtracting(believed.keys).sorted()
        guard !missing.isEmpty else { return }
        let won = try tryLocks(missing, on: connection)
        guard !won.isEmpty else { return }
        try raiseEpochs(won, on: connection)
    }

    private func tryLocks(_ shards: [Int], on connection: PostgresConnection) throws -> [Int] {
        let keys = shards.map { Int64(ShardKey.lockKey(region: configuration.region, shard: $0)) }
        let result = try connection.query(
            "select k.shard, pg_try_advisory_lock(k.key) as won from unnest($1::int[], $2::bigint[]) as k(shard, key)",
            [shards, keys])
        return try result.rows.filter { try $0.bool("won") }.map { try $0.int("shard") }
    }

    private func raiseEpochs(_ shards: [Int], on connection: PostgresConnection) throws {
        let result = try connection.query(
            """
            insert into shard_leases as lease (region, shard, epoch, holder_node, holder_pid, acquired_at)
            select $1, s, 1, $2, pg_backend_pid(), now() from unnest($3::int[]) as s
            on conflict (region, shard) do update set epoch = lease.epoch + 1, holder_node = excluded.holder_node,
                holder_pid = excluded.holder_pid, acquired_at = excluded.acquired_at
            returning shard, epoch
            """,
            [configuration.region, configuration.nodeID, shards])

        var won: [Int: Int64] = [:]
        for row in result.rows { won[try row.int("shard")] = try row.int64("epoch") }
        let total = owned.withLock { owned in
            owned.merge(won) { _, new in new }
            return owned.count
        }
        ownedGauge.set(Double(total))
        changes.increment("acquired", by: Double(won.count))
        logger.debug("Shards acquired", ["shard.count": String(won.count), "shards.owned": String(total)])
    }

    private func release(_ shards: [Int], on connection: PostgresConnection) throws {
        guard !shards.isEmpty else { return }
        let total = owned.withLock { owned in
            for shard in shards { owned[shard] = nil }
            return owned.count
        }
        ownedGauge.set(Double(total))

        let keys = shards.map { ShardKey.lockKey(region: configuration.region, shard: $0) }
        try connection.query("select pg_advisory_unlock(k) from unnest($1::bigint[]) as k", [keys])
        changes.increment("released", by: Double(shards.count))
        logger.debug("Shards released", ["shard.count": String(shards.count)])
    }

    /// Gives up every shard on shutdown: forget them first, then unlock, then close.
    private func release(_ session: PostgresConnection?) {
        dropAll(reason: "shutdown")
        guard let session else { return }
        _ = try? session.query("select pg_advisory_unlock_all()")
        session.close()
    }
}
