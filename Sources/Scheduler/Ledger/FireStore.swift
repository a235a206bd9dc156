import Foundation
import Postgres

/// Reads and writes the fire ledger. Every statement about the `fires` table outside the dispatcher's fenced
/// transaction lives here.
public struct FireStore: Sendable {
    private let pool: PostgresPool

    /// Creates a store over `pool` (the primary).
    public init(pool: PostgresPool) {
        self.pool = pool
    }

    static let columns = """
        id, job_id, tenant, region, shard, epoch, nominal_at, due_at, state, trigger, attempt, priority, reason,
        next_attempt_at, started_at, finished_at, http_status, error, lateness_ms
        """

    /// One page of a job's runs, newest nominal instant first.
    public func runs(jobID: UUID, limit: Int, after cursor: PageCursor?) throws -> [Fire] {
        try pool.withConnection { connection in
            let result: PostgresResult
            if let cursor {
                result = try connection.query(
                    """
                    select \(Self.columns) from fires where job_id = $1 and (nominal_at, id) < ($2, $3)
                    order by nominal_at desc, id desc limit $4
                    """,
                    [jobID, cursor.instant, cursor.id, limit])
            } else {
                result = try connection.query(
                    "select \(Self.columns) from fires where job_id = $1 order by nominal_at desc, id desc limit $2",
                    [jobID, limit])
            }
            return try result.rows.map(Self.decode)
        }
    }

    /// Records a manual fire of `job` at the database's current instant, ready for the home region to queue.
    public func recordManual(job: Job) throws -> Fire {
        try pool.transaction { connection in
            let result = try connection.query(
                """
                insert into fires (id, job_id, tenant, region, shard, epoch, nominal_at, due_at, state, trigger,
                    priority)
                values ($1, $2, $3, $4, $5, 0, now(), now(), 'pending', 'manual', $6)
                returning \(Self.columns)
                """,
                [UUID(), job.id, job.tenant, job.homeRegion, job.shard, job.priority])
            try JobStore.notify(job.homeRegion, on: connection)
            return try Self.decode(result.rows[0])
        }
    }

    static func decode(_ row: PostgresRow) throws -> Fire {
        Fire(
            id: try row.uuid("id"), jobID: try row.uuid("job_id"), tenant: try row.string("tenant"),
            region: try row.string("region"), shard: try row.int("shard"), epoch: try row.int64("epoch"),
            nominalAt: try row.date("nominal_at"), dueAt: try row.date("due_at"),
            state: Fire.State(rawValue: try row.string("state")) ?? .pending,
            trigger: Fire.Trigger(rawValue: try row.string("trigger")) ?? .schedule, attempt: try row.int("attempt"),
            priority: try row.int("priority"), reason: try row.optionalString("reason"),
            nextAttemptAt: try row.optionalDate("next_attempt_at"), startedAt: try row.optionalDate("started_at"),
            finishedAt: try row.optionalDate("finished_at"), httpStatus: try row.optionalInt("http_status"),
            error: try row.optionalString("error"), latenessMs: row["lateness_ms"].flatMap(Double.init))
    }
}
