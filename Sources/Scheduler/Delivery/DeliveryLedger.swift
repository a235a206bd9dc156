import Foundation
import Postgres

/// The ledger statements of delivery: claiming an attempt and recording its outcome.
struct DeliveryLedger: Sendable {
    /// What an attempt needs, read in the same statement that marks the fire delivering.
    struct Claim: Sendable {
        var attempt: Int
        var jobID: UUID
        var jobName: String?
        var jobStatus: String?
        var target: CallbackTarget?
        var retry: RetryPolicy?
        var signingSecret: String?
        var trigger: String
    }

    /// How an attempt ended.
    struct Outcome: Sendable {
        var state: Fire.State
        var httpStatus: Int?
        var error: String?
        var nextAttemptAt: Date?
        var startedAt: Date
        var latenessMs: Double
    }

    let pool: PostgresPool

    /// Marks the fire delivering and counts the attempt, unless another worker has it or it is finished.
    ///
    /// - Parameter leaseMs: after this long a delivering fire counts as abandoned and may be claimed again.
    func claim(_ fire: QueuedFire, leaseMs: Int64) throws -> Claim? {
        try pool.withConnection { connection in
            let row = try connection.query(
                """
                with claimed as (
                    update fires set state = 'delivering', attempt = attempt + 1,
                        next_attempt_at = now() + make_interval(secs => $3::float8 / 1000)
                    where id = $1 and nominal_at = $2
                        and (state in ('pending', 'queued', 'failed')
                            or (state = 'delivering' and next_attempt_at < now()))
                    returning job_id, tenant, attempt, trigger
                )
                select c.attempt, c.job_id, c.trigger, j.name, j.status, j.target::text as target,
                    j.retry::text as retry, t.signing_secret
                from claimed c left join jobs j on j.id = c.job_id left join tenants t on t.id = c.tenant
                """,
                [fire.fireID, fire.nominalAt, leaseMs]
            ).rows.first
            guard let row else { return nil }

            return Claim(
                attempt: try row.int("attempt"), jobID: try row.uuid("job_id"), jobName: row["name"],
                jobStatus: row["status"],
                target: try row["target"].map { try JSONText.decode(CallbackTarget.self, $0) },
                retry: try row["retry"].map { try JSONText.decode(RetryPolicy.self, $0) },
                signingSecret: row["signing_secret"], trigger: try row.string("trigger"))
        }
    }

    /// Records the outcome of attempt number `attempt`; a stale outcome (the fire moved on) changes nothing.
    func record(_ outcome: Outcome, fire: QueuedFire, attempt: Int) throws {
        try pool.withConnection { connection in
            try connection.execute(
                """
                update fires set state = $3, http_status = $4, error = $5, next_attempt_at = $6,
                    finished_at = case when $3 in ('succeeded', 'dead', 'skipped') then now() end,
                    started_at = coalesce(started_at, $7), lateness_ms = coalesce(lateness_ms, $8)
                where id = $1 and nominal_at = $2 and state = 'delivering' and attempt = $9
                """,
                [
                    fire.fireID, fire.nominalAt, outcome.state.rawValue, outcome.httpStatus,
                    outcome.error, outcome.nextAttemptAt, outcome.startedAt, outcome.latenessMs, attempt,
                ])
        }
    }
}
