import Foundation
import Postgres

/// The statements of the lock session. Every SQL text of the lease loop lives here.
extension ShardLeaseManager {
    /// 1. Verify the session still holds exactly the locks we believe we hold. 2. Release unwanted shards.
    /// 3. Try the missing ones and raise the epoch of every shard won. 4. Take over shards held by dead nodes.
    ///
    /// - Returns: whether a holder was terminated, so the caller retries soon instead of after the interval.
    func tick(on connection: PostgresConnection) throws -> Bool {
        let believed = allOwnedShards()
        let held = try connection.query(
            "select count(*) as held from pg_locks where pid = pg_backend_pid() and locktype = 'advisory' and granted"
        ).rows[0].int("held")
        if held != believed.count {
            throw ClusterError(
                code: .leaseDoubt, message: "the lock session holds \(held) locks, expected \(believed.count)")
        }

        let wants = book.wants.withLock { $0 }
        try release(Array(Set(believed.keys).subtracting(wants.desired)), on: connection)

        let missing = wants.desired.subtracting(believed.keys).sorted()
        guard !missing.isEmpty else { return false }
        let won = try tryLocks(missing, on: connection)
        if !won.isEmpty { try raiseEpochs(won, on: connection) }

        let blocked = Array(Set(missing).subtracting(won))
        guard !blocked.isEmpty, !wants.deadNodes.isEmpty else { return false }
        return try takeOver(blocked, from: wants.deadNodes, on: connection) > 0
    }

    private func tryLocks(_ shards: [ShardID], on connection: PostgresConnection) throws -> [ShardID] {
        let result = try connection.query(
            """
            select k.region, k.shard, pg_try_advisory_lock(k.key) as won
            from unnest($1::text[], $2::int[], $3::bigint[]) as k(region, shard, key)
            """,
            [
                shards.map(\.region), shards.map(\.shard),
                shards.map { ShardKey.lockKey(region: $0.region, shard: $0.shard) },
            ])
        return try result.rows.filter { try $0.bool("won") }.map {
            ShardID(region: try $0.string("region"), shard: try $0.int("shard"))
        }
    }

    private func raiseEpochs(_ shards: [ShardID], on connection: PostgresConnection) throws {
        let result = try connection.query(
            """
            insert into shard_leases as lease (region, shard, epoch, holder_node, holder_pid, acquired_at)
            select k.region, k.shard, 1, $3, pg_backend_pid(), now()
            from unnest($1::text[], $2::int[]) as k(region, shard)
            on conflict (region, shard) do update set epoch = lease.epoch + 1, holder_node = excluded.holder_node,
                holder_pid = excluded.holder_pid, acquired_at = excluded.acquired_at
            returning region, shard, epoch
            """,
            [shards.map(\.region), shards.map(\.shard), configuration.nodeID])

        var won: [ShardID: Int64] = [:]
        for row in result.rows {
            won[ShardID(region: try row.string("region"), shard: try row.int("shard"))] = try row.int64("epoch")
        }
        let total = book.owned.withLock { owned in
            owned.merge(won) { _, new in new }
            return owned.count
        }
        ownedGauge.set(Double(total))
        changes.increment("acquired", by: Double(won.count))
        logger.debug("Shards acquired", ["shard.count": String(won.count), "shards.owned": String(total)])

        guard let channel = configuration.notifyChannel else { return }
        try connection.query("select pg_notify($1, 'shards')", [channel])
    }

    func release(_ shards: [ShardID], on connection: PostgresConnection) throws {
        guard !shards.isEmpty else { return }
        let total = book.owned.withLock { owned in
            for shard in shards { owned[shard] = nil }
            return owned.count
        }
        ownedGauge.set(Double(total))

        let keys = shards.map { ShardKey.lockKey(region: $0.region, shard: $0.shard) }
        try connection.query("select pg_advisory_unlock(k) from unnest($1::bigint[]) as k", [keys])
        changes.increment("released", by: Double(shards.count))
        logger.debug("Shards released", ["shard.count": String(shards.count)])
    }

    /// Terminates the lock sessions of dead holders of `shards` (the recorded pid, only if it still is that node's
    /// lock session) and every pool connection of those nodes.
    ///
    /// - Returns: how many backends were terminated.
    private func takeOver(_ shards: [ShardID], from deadNodes: Set<String>, on connection: PostgresConnection) throws
        -> Int
    {
        let dead = deadNodes.sorted()
        let result = try connection.query(
            """
            with holders as (
                select lease.holder_pid as pid, lease.holder_node as node from shard_leases lease
                join unnest($1::text[], $2::int[]) as k(region, shard) using (region, shard)
                where lease.holder_node = any($3::text[])
            ), victims as (
                select activity.pid from pg_stat_activity activity
                where activity.pid <> pg_backend_pid() and (
                    exists (select 1 from holders where holders.pid = activity.pid
                        and activity.application_name = $4 || holders.node)
                    or (activity.application_name = any($5::text[]) and exists (select 1 from holders)))
            )
            select count(*) filter (where pg_terminate_backend(pid)) as terminated from victims
            """,
            [
                shards.map(\.region), shards.map(\.shard), dead, Self.leaseApplicationName(nodeID: ""),
                dead.map { Self.poolApplicationName(nodeID: $0) },
            ])
        let terminated = try result.rows[0].int("terminated")
        guard terminated > 0 else { return 0 }

        changes.increment("taken_over", by: Double(terminated))
        logger.info(
            "Dead holders terminated", ["backend.count": String(terminated), "nodes": dead.joined(separator: ",")])
        return terminated
    }
}
