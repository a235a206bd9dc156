import Cluster
import Foundation
import Postgres
import Redis
import ScheduleEngine
import Telemetry
import Testing

@testable import Scheduler

/// After downtime, one dispatch pass writes exactly what the job's misfire policy says into the ledger, on real
/// Postgres and Redis, and moves the job to its next instant.
@Suite struct MisfireDispatchTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var policy: String
        var windowMinutes: Int64
        var maxCatchUp: Int
        var fired: Int
        var missed: Int
        var skipped: Int
        var testDescription: String { "\(policy) window \(windowMinutes)m max \(maxCatchUp)" }
    }

    // An hourly job whose stored next instant is five hours back: six instants are due.
    static let cases: [Case] = [
        Case(policy: "fireOnce", windowMinutes: 1_440, maxCatchUp: 10, fired: 1, missed: 5, skipped: 0),
        Case(policy: "fireAll", windowMinutes: 1_440, maxCatchUp: 10, fired: 6, missed: 0, skipped: 0),
        Case(policy: "fireAll", windowMinutes: 1_440, maxCatchUp: 2, fired: 2, missed: 4, skipped: 0),
        Case(policy: "fireAll", windowMinutes: 120, maxCatchUp: 10, fired: 2, missed: 4, skipped: 0),
        Case(policy: "skip", windowMinutes: 1_440, maxCatchUp: 10, fired: 0, missed: 0, skipped: 6),
    ]

    @Test(arguments: cases)
    func policyDecidesTheLedgerRowsAfterDowntime(_ testCase: Case) throws {
        let fixture = try DispatchFixture()
        defer { fixture.stop() }
        let now = try JobStore(pool: fixture.pool).databaseNow()
        let topOfHour = Date(timeIntervalSince1970: (now.timeIntervalSince1970 / 3_600).rounded(.down) * 3_600)
        // Too close to the hour the newest instant may still count as on time; the table assumes it is late.
        try #require(now.timeIntervalSince(topOfHour) > 10 && now.timeIntervalSince(topOfHour) < 3_590)

        let job = try fixture.insertJob(
            schedule: "0 * * * *", next: topOfHour.addingTimeInterval(-5 * 3_600), policy: testCase.policy,
            windowMs: testCase.windowMinutes * 60_000, maxCatchUp: testCase.maxCatchUp)
        fixture.dispatcher.runPass()

        let states = try fixture.countStates(of: job.id)
        #expect(states["queued/catchUp", default: 0] == testCase.fired)
        #expect(states["missed/schedule", default: 0] == testCase.missed)
        #expect(states["skipped/schedule", default: 0] == testCase.skipped)
        let stored = try #require(try JobStore(pool: fixture.pool).find(id: job.id, tenant: job.tenant))
        #expect(stored.nextExecutionAt == topOfHour.addingTimeInterval(3_600))

        fixture.dispatcher.runPass()
        #expect(try fixture.countStates(of: job.id) == states)
    }

    @Test func longOutageOfAnEverySecondJobStaysBounded() throws {
        let fixture = try DispatchFixture()
        defer { fixture.stop() }
        let now = try JobStore(pool: fixture.pool).databaseNow()

        let job = try fixture.insertJob(
            schedule: "@every 1s", next: now.addingTimeInterval(-3 * 86_400), policy: "fireOnce",
            windowMs: 86_400_000, maxCatchUp: 10, anchor: now.addingTimeInterval(-3 * 86_400 - 1))
        fixture.dispatcher.runPass()

        let states = try fixture.countStates(of: job.id)
        // One fire for the past three days: the latest instant (within the late tolerance, so a normal fire). The
        // others queued are the next instants within the dispatcher's lookahead, still in the future.
        let firedForThePast = try fixture.pool.withConnection { connection in
            try connection.query(
                "select count(*) as n from fires where job_id = $1 and state = 'queued' and nominal_at <= now()",
                [job.id]
            ).rows[0].int("n")
        }
        #expect(firedForThePast == 1)
        let missed = states["missed/schedule", default: 0]
        #expect(missed >= 1 && missed <= CatchUpPlan.listLimit)
        let summary = try fixture.pool.withConnection { connection in
            try connection.query(
                "select count(*) as n from fires where job_id = $1 and reason like '%not listed%'", [job.id]
            ).rows[0].int("n")
        }
        #expect(summary == 1)
        let stored = try #require(try JobStore(pool: fixture.pool).find(id: job.id, tenant: job.tenant))
        #expect(try #require(stored.nextExecutionAt) > now)
    }
}
