import Foundation
import Postgres
import ScheduleEngine
import Telemetry

/// The body of one fenced dispatch transaction. Every statement of the dispatcher lives here.
struct DispatchPass {
    /// The node no longer leads a shard it believed it led.
    struct Fenced: Error {
        var reason: String
    }

    /// What the pass recorded and must queue after commit.
    struct Outcome {
        var fires: [QueuedFire] = []
        var counts: [Fire.State: Int] = [:]
    }

    let configuration: Dispatcher.Configuration
    let owned: [Int: Int64]
    let connection: PostgresConnection
    let logger: Logger

    init(configuration: Dispatcher.Configuration, owned: [Int: Int64], connection: PostgresConnection, logger: Logger) {
        self.configuration = configuration
        self.owned = owned
        self.connection = connection
        self.logger = logger
    }

    /// 1. Lock the lease rows and check the epochs. 2. Queue pending manual fires. 3. Plan and record due jobs.
    func run() throws -> Outcome {
        try checkEpochs()
        var outcome = Outcome()
        try queuePendingFires(into: &outcome)

        let now = try connection.query("select now() as now").rows[0].date("now")
        let horizon = now.addingTimeInterval(configuration.planner.lookahead.seconds)
        let jobs = try connection.query(
            """
            select \(JobStore.columns) from jobs
            where home_region = $1 and shard = any($2::int[]) and is_active and next_execution_at <= $3
            order by next_execution_at limit $4 for update skip locked
            """,
            [configuration.region, Array(owned.keys), horizon, configuration.batchSize]
        ).rows.map(JobStore.decode)

        for job in jobs { try dispatch(job, now: now, into: &outcome) }
        return outcome
    }

    private func checkEpochs() throws {
        let rows = try connection.query(
            "select shard, epoch, holder_node from shard_leases where region = $1 and shard = any($2::int[]) for share",
            [configuration.region, Array(owned.keys)]
        ).rows

        var current: [Int: Int64] = [:]
        for row in rows where try row.string("holder_node") == configuration.nodeID {
            current[try row.int("shard")] = try row.int64("epoch")
        }
        for (shard, epoch) in owned where current[shard] != epoch {
            throw Fenced(reason: "epoch of shard \(shard) moved past \(epoch)")
        }
    }

    private func queuePendingFires(into outcome: inout Outcome) throws {
        let rows = try connection.query(
            """
            update fires set state = 'queued', epoch = (
                select lease.epoch from shard_leases lease
                where lease.region = fires.region and lease.shard = fires.shard)
            where (id, nominal_at) in (
                select id, nominal_at from fires
                where region = $1 and shard = any($2::int[]) and state = 'pending'
                limit 1000 for update skip locked)
            returning id, job_id, nominal_at, due_at, priority, shard
            """,
            [configuration.region, Array(owned.keys)]
        ).rows
        for row in rows { outcome.fires.append(try Self.queued(row)) }
        outcome.counts[.queued, default: 0] += rows.count
    }

    private func dispatch(_ job: Job, now: Date, into outcome: inout Outcome) throws {
        let plan: DispatchPlanner.Plan
        do {
            plan = try configuration.planner.plan(job, now: now)
        } catch let error as ScheduleError where error.code != .invalidTimeZone {
            // The stored schedule can produce no further instant: the job is done.
            try complete(job, reason: error.code.rawValue)
            return
        } catch {
            // A zone file that could not be read right now, or similar: try again next pass, decide nothing.
            logger.debug("Job skipped this pass", ["job.id": job.id.uuidString, "error": String(describing: error)])
            return
        }

        for planned in plan.fires {
            let row = try connection.query(
                """
                insert into fires (id, job_id, tenant, region, shard, epoch, nominal_at, due_at, state, trigger,
                    priority, reason)
                values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
                on conflict (job_id, nominal_at) do nothing
                returning id, job_id, nominal_at, due_at, priority, shard
                """,
                [
                    UUID(), job.id, job.tenant, job.homeRegion, job.shard, owned[job.shard] ?? 0, planned.nominalAt,
                    planned.dueAt, planned.state.rawValue, planned.trigger.rawValue, job.priority, planned.reason,
                ]
            ).rows.first
            guard let row else { continue }
            outcome.counts[planned.state, default: 0] += 1
            if planned.state == .queued { outcome.fires.append(try Self.queued(row)) }
        }

        try connection.query(
            """
            update jobs set next_execution_at = $2, is_active = $3,
                status = case when $3 then status else 'completed' end
            where id = $1
            """,
            [job.id, plan.next, plan.next != nil])
    }

    /// Ends a job whose schedule cannot produce another instant.
    private func complete(_ job: Job, reason: String) throws {
        logger.debug("Job completed without next instant", ["job.id": job.id.uuidString, "reason": reason])
        try connection.query(
            "update jobs set next_execution_at = null, is_active = false, status = 'completed' where id = $1", [job.id])
    }

    /// Open fires of `shards`, candidates for queueing again: those due more than `minimumAgeMs` ago, or every
    /// open fire when `minimumAgeMs` is nil (shards just taken over, whose fires may sit in another Redis).
    static func openFires(
        region: String, shards: [Int], minimumAgeMs: Int64?, connection: PostgresConnection
    ) throws -> [QueuedFire] {
        try connection.query(
            """
            select id, job_id, nominal_at, coalesce(next_attempt_at, due_at) as due_at, priority, shard from fires
            where region = $1 and shard = any($2::int[]) and state in ('queued', 'failed', 'delivering')
                and ($3::bigint is null
                    or coalesce(next_attempt_at, due_at) < now() - $3::bigint * interval '1 millisecond')
            limit 5000
            """,
            [region, shards, minimumAgeMs]
        ).rows.map(queued)
    }

    static func queued(_ row: PostgresRow) throws -> QueuedFire {
        QueuedFire(
            fireID: try row.uuid("id"), jobID: try row.uuid("job_id"),
            nominalAtMicros: Int64((try row.date("nominal_at").timeIntervalSince1970 * 1_000_000).rounded()),
            dueAtMs: Int64((try row.date("due_at").timeIntervalSince1970 * 1000).rounded()),
            priority: try row.int("priority"))
    }
}
