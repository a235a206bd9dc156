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
        var httpStatus: Int? = nil
        var error: String? = nil
        var nextAttemptAt: Date? = nil
        /// When the request was handed to the HTTP client; `nil` when none was sent.
        var startedAt: Date? = nil
        var latenessMs: Double? = nil
        /// Why the fire ended without an attempt (skipped fires).
        var reason: String? = nil
    }

    let pool: PostgresPool

    /// The node whose attempts these are, recorded on each claim so survivors can end a dead node's claims.
    let nodeID: String

    /// Marks each fire delivering and counts its attempt, unless another worker has it or it is finished; one
    /// statement for the whole batch.
    ///
    /// The ledger lease of an attempt is the target's timeout plus `leaseGraceMs`: after it a `delivering` fire
    /// counts as abandoned (its node died mid-attempt) and may be claimed again.
    ///
    /// - Returns: the claims by fire id; fires missing from it are not to be attempted now.
    func claim(_ fires: [QueuedFire], leaseGraceMs: Int64) throws -> [UUID: Claim] {
        guard !fires.isEmpty else { return [:] }
        let rows = try pool.withConnection { connection in
            try connection.query(
                """
                with wanted as (
                    select id, timestamptz 'epoch' + micros * interval '1 microsecond' as nominal_at
                    from unnest($1::uuid[], $2::bigint[]) as w(id, micros)
                ), claimed as (
                    update fires f set state = 'delivering', attempt = f.attempt + 1, claimed_by = $4,
                        next_attempt_at = now() + make_interval(secs => (coalesce(
                            (select (j.target ->> 'timeoutMs')::float8 from jobs j where j.id = f.job_id), 10000)
                            + $3) / 1000)
                    from wanted w
                    where f.id = w.id and f.nominal_at = w.nominal_at
                        and (f.state in ('pending', 'queued')
                            or (f.state = 'failed' and f.next_attempt_at <= now() + interval '1 second')
                            or (f.state = 'delivering' and f.next_attempt_at < now()))
                    returning f.id, f.job_id, f.tenant, f.attempt, f.trigger
                )
                select c.id, c.attempt, c.job_id, c.trigger, j.name, j.status, j.target::text as target,
                    j.retry::text as retry, t.signing_secret
                from claimed c left join jobs j on j.id = c.job_id left join tenants t on t.id = c.tenant
                """,
                [fires.map { $0.fireID.uuidString.lowercased() }, fires.map(\.nominalAtMicros), leaseGraceMs, nodeID]
            ).rows
        }

        var claims: [UUID: Claim] = [:]
        for row in rows {
            claims[try row.uuid("id")] = Claim(
                attempt: try row.int("attempt"), jobID: try row.uuid("job_id"), jobName: row["name"],
                jobStatus: row["status"],
                target: try row["target"].map { try JSONText.decode(CallbackTarget.self, $0) },
                retry: try row["retry"].map { try JSONText.decode(RetryPolicy.self, $0) },
                signingSecret: row["signing_secret"], trigger: try row.string("trigger"))
        }
        return claims
    }

    /// Whether this node still holds attempt number `attempt` of the fire (nobody ended or took over its claim).
    func holdsClaim(_ fire: QueuedFire, attempt: Int) throws -> Bool {
        try pool.withConnection { connection in
            try !connection.query(
                """
                select 1 from fires where id = $1 and nominal_at = $2 and state = 'delivering' and attempt = $3
                    and claimed_by = $4
                """,
                [fire.fireID, fire.nominalAt, attempt, nodeID]
            ).rows.isEmpty
        }
    }

    /// Undoes the claim of attempt number `attempt` (it never went out): the fire is queued again and the attempt
    /// is not counted.
    func unclaim(_ fire: QueuedFire, attempt: Int) throws {
        try pool.withConnection { connection in
            try connection.execute(
                """
                update fires set state = 'queued', attempt = attempt - 1, claimed_by = null, next_attempt_at = null
                where id = $1 and nominal_at = $2 and state = 'delivering' and attempt = $3
                """,
                [fire.fireID, fire.nominalAt, attempt])
        }
    }

    /// Records the outcome of attempt number `attempt`; a stale outcome (the fire moved on) changes nothing.
    func record(_ outcome: Outcome, fire: QueuedFire, attempt: Int) throws {
        try pool.withConnection { connection in
            try connection.execute(
                """
                update fires set state = $3, http_status = $4, error = $5, next_attempt_at = $6,
                    finished_at = case when $3 in ('succeeded', 'dead', 'skipped') then now() end,
                    started_at = coalesce(started_at, $7), lateness_ms = coalesce(lateness_ms, $8),
                    reason = coalesce($10, reason)
                where id = $1 and nominal_at = $2 and state = 'delivering' and attempt = $9
                """,
                [
                    fire.fireID, fire.nominalAt, outcome.state.rawValue, outcome.httpStatus,
                    outcome.error, outcome.nextAttemptAt, outcome.startedAt, outcome.latenessMs, attempt,
                    outcome.reason,
                ])
        }
    }

    /// Ends the claims `nodes` hold on open attempts of `region` (of `shards`, or of every shard when `nil`): those
    /// fires may be claimed again at once. Used for nodes membership declared dead, and by a node for its own
    /// claims left over from before a restart.
    ///
    /// - Returns: the released fires, to be queued again.
    static func releaseClaims(
        of nodes: [String], region: String, shards: [Int]?, on connection: PostgresConnection
    ) throws -> [QueuedFire] {
        guard !nodes.isEmpty else { return [] }
        return try connection.query(
            """
            update fires set next_attempt_at = now() - interval '1 second', claimed_by = null
            where region = $1 and ($2::int[] is null or shard = any($2::int[])) and state = 'delivering'
                and claimed_by = any($3::text[])
            returning id, job_id, nominal_at, due_at, priority, shard
            """,
            [region, shards, nodes]
        ).rows.map(DispatchPass.queued)
    }
}
