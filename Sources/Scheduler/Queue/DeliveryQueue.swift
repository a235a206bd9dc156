import Foundation
import Redis

/// The region's delivery queue in Redis: a sorted set of fires by due instant, a sorted set of claimed fires by
/// lease deadline, and a hash of payloads. Claims, acknowledgements and lease recovery are atomic Lua scripts.
///
/// The ledger in Postgres stays the source of truth; a lost queue is rebuilt from it by the reconciler.
/// Thread-safe.
public struct DeliveryQueue: Sendable {
    private let pool: RedisPool
    private let queueKey: String
    private let inflightKey: String
    private let payloadKey: String

    /// Creates the queue of `region` over `pool`.
    public init(pool: RedisPool, region: String) {
        self.pool = pool
        queueKey = "meridian:{\(region)}:queue"
        inflightKey = "meridian:{\(region)}:inflight"
        payloadKey = "meridian:{\(region)}:payloads"
    }

    private var keys: [String] { [queueKey, inflightKey, payloadKey] }

    /// Adds fires that are not already queued or claimed.
    public func enqueue(_ fires: [QueuedFire]) throws {
        guard !fires.isEmpty else { return }
        var arguments: [String] = []
        for fire in fires {
            arguments += [
                fire.fireID.uuidString.lowercased(), QueuedFire.score(dueAtMs: fire.dueAtMs, priority: fire.priority),
                JSONText.encode(fire),
            ]
        }
        try pool.withConnection { try $0.evaluate(Self.enqueueScript, keys: keys, arguments: arguments) }
    }

    /// Claims up to `limit` fires due at or before `horizonMs`, leasing each until `leaseUntilMs`.
    public func claim(limit: Int, horizonMs: Int64, leaseUntilMs: Int64) throws -> [QueuedFire] {
        let reply = try pool.withConnection { connection in
            try connection.evaluate(
                Self.claimScript, keys: keys, arguments: ["\(horizonMs).9", String(limit), String(leaseUntilMs)])
        }
        return (reply.array ?? []).compactMap { value in
            value.string.flatMap { try? JSONText.decode(QueuedFire.self, $0) }
        }
    }

    /// Removes a fire whose attempt ended for good.
    public func acknowledge(_ fireID: UUID) throws {
        try pool.withConnection { connection in
            try connection.evaluate(Self.acknowledgeScript, keys: keys, arguments: [fireID.uuidString.lowercased()])
        }
    }

    /// Puts a claimed fire back, due at `dueAtMs` (a retry or a deferral).
    public func reschedule(_ fire: QueuedFire, dueAtMs: Int64) throws {
        var moved = fire
        moved.dueAtMs = dueAtMs
        try pool.withConnection { connection in
            try connection.evaluate(
                Self.rescheduleScript, keys: keys,
                arguments: [
                    fire.fireID.uuidString.lowercased(), QueuedFire.score(dueAtMs: dueAtMs, priority: fire.priority),
                    JSONText.encode(moved),
                ])
        }
    }

    /// Returns claimed fires whose lease ran out (their node died mid-attempt) to the queue, due now.
    ///
    /// - Returns: how many fires were returned.
    @discardableResult
    public func recoverExpiredLeases(nowMs: Int64) throws -> Int {
        let reply = try pool.withConnection { connection in
            try connection.evaluate(Self.recoverScript, keys: keys, arguments: [String(nowMs)])
        }
        return Int(reply.integer ?? 0)
    }

    /// Due instant of the earliest queued fire, milliseconds since 1970; `nil` when the queue is empty.
    public func earliestDueMs() throws -> Int64? {
        let reply = try pool.withConnection { try $0.command(["ZRANGE", queueKey, "0", "0", "WITHSCORES"]) }
        guard let items = reply.array, items.count == 2, let score = items[1].string, let value = Double(score) else {
            return nil
        }
        return Int64(value.rounded(.down))
    }

    /// Which of `fireIDs` are queued or claimed right now.
    public func present(_ fireIDs: [UUID]) throws -> Set<UUID> {
        guard !fireIDs.isEmpty else { return [] }
        let members = fireIDs.map { $0.uuidString.lowercased() }
        let reply = try pool.withConnection { try $0.command(["HMGET", payloadKey] + members) }
        let values = reply.array ?? []

        var found: Set<UUID> = []
        for (id, value) in zip(fireIDs, values) where value != .null { found.insert(id) }
        return found
    }

    /// Fires waiting and fires claimed.
    public func depth() throws -> (queued: Int, inflight: Int) {
        let replies = try pool.withConnection { try $0.pipeline([["ZCARD", queueKey], ["ZCARD", inflightKey]]) }
        return (Int(replies[0].integer ?? 0), Int(replies[1].integer ?? 0))
    }
}

extension DeliveryQueue {
    /// ARGV: triples of (id, score, payload). Existing entries are left alone.
    static let enqueueScript = RedisScript(
        """
        for i = 1, #ARGV, 3 do
            if redis.call('HSETNX', KEYS[3], ARGV[i], ARGV[i + 2]) == 1 then
                redis.call('ZADD', KEYS[1], ARGV[i + 1], ARGV[i])
            end
        end
        return 0
        """)

    /// ARGV: max score, limit, lease deadline. Returns the claimed payloads.
    static let claimScript = RedisScript(
        """
        local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
        local claimed = {}
        for _, id in ipairs(ids) do
            redis.call('ZREM', KEYS[1], id)
            local payload = redis.call('HGET', KEYS[3], id)
            if payload then
                redis.call('ZADD', KEYS[2], ARGV[3], id)
                claimed[#claimed + 1] = payload
            end
        end
        return claimed
        """)

    /// ARGV: id.
    static let acknowledgeScript = RedisScript(
        """
        redis.call('ZREM', KEYS[2], ARGV[1])
        redis.call('ZREM', KEYS[1], ARGV[1])
        return redis.call('HDEL', KEYS[3], ARGV[1])
        """)

    /// ARGV: id, new score, new payload.
    static let rescheduleScript = RedisScript(
        """
        redis.call('ZREM', KEYS[2], ARGV[1])
        redis.call('HSET', KEYS[3], ARGV[1], ARGV[3])
        return redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
        """)

    /// ARGV: now in milliseconds.
    static let recoverScript = RedisScript(
        """
        local expired = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', ARGV[1], 'LIMIT', 0, 1000)
        for _, id in ipairs(expired) do
            redis.call('ZREM', KEYS[2], id)
            redis.call('ZADD', KEYS[1], ARGV[1], id)
        end
        return #expired
        """)
}
