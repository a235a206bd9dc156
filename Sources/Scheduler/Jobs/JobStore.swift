import Foundation
import Postgres

/// Reads and writes jobs. Every statement about the `jobs` table lives here.
///
/// Thread-safe: each call borrows a connection from the pool for its duration.
public struct JobStore: Sendable {
    /// Channel notified on every job write, payload = the job's home region, so dispatchers wake at once.
    public static let notificationChannel = "meridian_jobs"

    private let pool: PostgresPool

    /// Creates a store over `pool` (the primary).
    public init(pool: PostgresPool) {
        self.pool = pool
    }

    static let columns = """
        id, tenant, name, schedule, schedule_kind, time_zone, dst_policy, misfire_policy, catch_up_window_ms,
        max_catch_up, anchor_at, target::text as target, retry::text as retry, priority, home_region, shard,
        is_active, status, next_execution_at, version, created_at, updated_at
        """

    /// Inserts `job`; its `createdAt`, `updatedAt` and `version` come from the database.
    public func insert(_ job: Job) throws -> Job {
        try pool.transaction { connection in
            let result = try connection.query(
                """
                insert into jobs (id, tenant, name, schedule, schedule_kind, time_zone, dst_policy, misfire_policy,
                    catch_up_window_ms, max_catch_up, anchor_at, target, retry, priority, home_region, shard,
                    is_active, status, next_execution_at, created_at, updated_at)
                values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::jsonb, $13::jsonb, $14, $15, $16, $17, $18,
                    $19,
                    $20, $20)
                returning \(Self.columns)
                """,
                Self.parameters(of: job) + [job.createdAt])
            try Self.notify(job.homeRegion, on: connection)
            return try Self.decode(result.rows[0])
        }
    }

    /// The job `id` of `tenant`, or `nil` when it does not exist or belongs to another tenant.
    public func find(id: UUID, tenant: String) throws -> Job? {
        try pool.withConnection { connection in
            let result = try connection.query(
                "select \(Self.columns) from jobs where id = $1 and tenant = $2", [id, tenant])
            return try result.rows.first.map(Self.decode)
        }
    }

    /// One page of `tenant`'s jobs, newest first, starting after `cursor`.
    public func list(tenant: String, limit: Int, after cursor: PageCursor?) throws -> [Job] {
        try pool.withConnection { connection in
            try connection.query(
                """
                select \(Self.columns) from jobs
                where tenant = $1 and ($2::timestamptz is null or (created_at, id) < ($2, $3::uuid))
                order by created_at desc, id desc limit $4
                """,
                [tenant, cursor?.instant, cursor?.id, limit]
            ).rows.map(Self.decode)
        }
    }

    /// Replaces the stored job with `job` when its version is still `expectedVersion`.
    ///
    /// - Parameter rescheduled: whether `job.nextExecutionAt`, `isActive` and `status` replace the stored ones;
    ///   otherwise the dispatcher's values stay, since it may have advanced or completed the job since it was read.
    /// - Returns: the stored job, or `nil` when the job is gone or its version moved on.
    public func update(_ job: Job, expectedVersion: Int64, rescheduled: Bool) throws -> Job? {
        try pool.transaction { connection in
            let result = try connection.query(
                """
                update jobs set name = $3, schedule = $4, schedule_kind = $5, time_zone = $6, dst_policy = $7,
                    misfire_policy = $8, catch_up_window_ms = $9, max_catch_up = $10, anchor_at = $11,
                    target = $12::jsonb, retry = $13::jsonb, priority = $14,
                    is_active = case when $21 then $17 else is_active end,
                    status = case when $21 then $18 else status end,
                    next_execution_at = case when $21 then $19 else next_execution_at end, version = version + 1,
                    updated_at = now()
                where id = $1 and tenant = $2 and version = $20 and home_region = $15 and shard = $16
                returning \(Self.columns)
                """,
                Self.parameters(of: job) + [expectedVersion, rescheduled])
            guard let row = result.rows.first else { return nil }
            try Self.notify(job.homeRegion, on: connection)
            return try Self.decode(row)
        }
    }

    /// Deletes the job; its runs stay in the ledger until their partition expires.
    ///
    /// - Returns: whether a job was deleted.
    /// - Parameter expectedVersion: when given, deletes only while the job is still at that version.
    public func delete(id: UUID, tenant: String, expectedVersion: Int64? = nil) throws -> Bool {
        try pool.withConnection { connection in
            try connection.execute(
                "delete from jobs where id = $1 and tenant = $2 and ($3::bigint is null or version = $3)",
                [id, tenant, expectedVersion]) == 1
        }
    }

    /// The database's current instant, to the millisecond (the precision of every instant Meridian shows); due
    /// decisions use it rather than the node's clock.
    public func databaseNow() throws -> Date {
        try pool.withConnection { connection in
            try connection.query("select date_trunc('milliseconds', now()) as now").rows[0].date("now")
        }
    }

    static func notify(_ region: String, on connection: PostgresConnection) throws {
        try connection.query("select pg_notify($1, $2)", [notificationChannel, region])
    }

    static func parameters(of job: Job) -> [(any PostgresEncodable)?] {
        [
            job.id, job.tenant, job.name, job.schedule, job.scheduleKind, job.timeZone, job.dstPolicy,
            job.misfirePolicy, job.catchUpWindowMs, job.maxCatchUp, job.anchorAt, JSONText.encode(job.target),
            JSONText.encode(job.retry), job.priority, job.homeRegion, job.shard, job.isActive, job.status.rawValue,
            job.nextExecutionAt,
        ]
    }

    static func decode(_ row: PostgresRow) throws -> Job {
        Job(
            id: try row.uuid("id"), tenant: try row.string("tenant"), name: try row.string("name"),
            schedule: try row.string("schedule"), scheduleKind: try row.string("schedule_kind"),
            timeZone: try row.string("time_zone"), dstPolicy: try row.string("dst_policy"),
            misfirePolicy: try row.string("misfire_policy"), catchUpWindowMs: try row.int64("catch_up_window_ms"),
            maxCatchUp: try row.int("max_catch_up"), anchorAt: try row.date("anchor_at"),
            target: try JSONText.decode(CallbackTarget.self, try row.string("target")),
            retry: try JSONText.decode(RetryPolicy.self, try row.string("retry")), priority: try row.int("priority"),
            homeRegion: try row.string("home_region"), shard: try row.int("shard"), isActive: try row.bool("is_active"),
            status: Job.Status(rawValue: try row.string("status")) ?? .active,
            nextExecutionAt: try row.optionalDate("next_execution_at"), version: try row.int64("version"),
            createdAt: try row.date("created_at"), updatedAt: try row.date("updated_at"))
    }
}

/// Position in a list ordered by (instant desc, id desc): the last item of the previous page.
public struct PageCursor: Sendable, Hashable {
    public var instant: Date
    public var id: UUID

    public init(instant: Date, id: UUID) {
        self.instant = instant
        self.id = id
    }

    /// Opaque text form: base64url of `<microseconds since 1970>:<uuid>`.
    public var token: String {
        let micros = Int64((instant.timeIntervalSince1970 * 1_000_000).rounded())
        return Data("\(micros):\(id.uuidString.lowercased())".utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Parses a token made by ``token``; `nil` for anything else.
    public init?(token: String) {
        guard token.utf8.count <= 128 else { return nil }
        var base64 = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard let data = Data(base64Encoded: base64), let text = String(data: data, encoding: .utf8) else { return nil }

        let parts = text.split(separator: ":")
        guard parts.count == 2, let micros = Int64(parts[0]), let id = UUID(uuidString: String(parts[1])) else {
            return nil
        }
        self.init(instant: Date(timeIntervalSince1970: Double(micros) / 1_000_000), id: id)
    }
}

/// JSON columns as text, through Codable.
enum JSONText {
    static func encode<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(value)) ?? Data("{}".utf8), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        try JSONDecoder().decode(type, from: Data(text.utf8))
    }
}
