import Foundation
import ScheduleEngine

/// Decides, for one due job, which fires to record and where its next instant moves. Pure: the database
/// clock's `now` is passed in.
public struct DispatchPlanner: Sendable {
    /// One ledger row to write.
    public struct PlannedFire: Sendable, Hashable {
        public var nominalAt: Date
        public var dueAt: Date
        public var state: Fire.State
        public var trigger: Fire.Trigger
        public var reason: String?
    }

    /// What to do with one job.
    public struct Plan: Sendable, Hashable {
        public var fires: [PlannedFire]
        /// The job's next nominal instant; `nil` when the schedule has none left.
        public var next: Date?
    }

    /// Fires due up to this far ahead are recorded and queued now and released at their instant. Default 2 s.
    public var lookahead: Duration

    /// Most instants recorded for one job in one pass, so a tiny interval cannot flood a pass. Default 100.
    public var maximumFiresPerPass: Int

    public init(lookahead: Duration = .seconds(2), maximumFiresPerPass: Int = 100) {
        self.lookahead = lookahead
        self.maximumFiresPerPass = maximumFiresPerPass
    }

    /// Plans `job`, whose stored next instant is at or before `now + lookahead`.
    ///
    /// - Throws: a `ScheduleError` when the stored schedule or zone no longer parses, or no instant is left
    ///   within the engine's horizon.
    public func plan(_ job: Job, now: Date) throws -> Plan {
        guard let due = job.nextExecutionAt else { return Plan(fires: [], next: nil) }
        let timing = try job.timing()
        let rules = job.misfireRules

        var fires: [PlannedFire] = []
        var next: Date?
        if due < now.addingTimeInterval(-rules.lateTolerance.seconds) {
            let catchUp = try timing.schedule.planCatchUp(
                due: due, now: now, in: timing.zone, anchor: job.anchorAt, dstPolicy: timing.dstPolicy, rules: rules)
            fires = Self.records(of: catchUp, now: now, rules: rules)
            next = catchUp.next?.instant
        } else {
            fires = [PlannedFire(nominalAt: due, dueAt: due, state: .queued, trigger: .schedule)]
            next = try timing.next(after: due)
        }

        let horizon = now.addingTimeInterval(lookahead.seconds)
        while let upcoming = next, upcoming <= horizon, fires.count < maximumFiresPerPass {
            fires.append(PlannedFire(nominalAt: upcoming, dueAt: upcoming, state: .queued, trigger: .schedule))
            next = try timing.next(after: upcoming)
        }
        return Plan(fires: fires, next: next)
    }

    /// Ledger rows for a catch-up plan, each with the reason it was fired, missed or skipped.
    static func records(of plan: CatchUpPlan, now: Date, rules: MisfireRules) -> [PlannedFire] {
        let onTime = now.addingTimeInterval(-rules.lateTolerance.seconds)
        let windowStart = now.addingTimeInterval(-rules.catchUpWindow.seconds)
        let policy = rules.policy.rawValue

        var fires = plan.fire.map { instant in
            instant >= onTime
                ? PlannedFire(nominalAt: instant, dueAt: instant, state: .queued, trigger: .schedule)
                : PlannedFire(
                    nominalAt: instant, dueAt: now, state: .queued, trigger: .catchUp,
                    reason: "catch-up after downtime (misfirePolicy \(policy))")
        }
        fires += plan.missed.map { instant in
            let reason =
                instant < windowStart
                ? "missed: older than the catch-up window"
                : "missed: not fired by misfirePolicy \(policy) (a later instant was, or maxCatchUp was reached)"
            return PlannedFire(nominalAt: instant, dueAt: instant, state: .missed, trigger: .schedule, reason: reason)
        }
        fires += plan.skipped.map {
            PlannedFire(
                nominalAt: $0, dueAt: $0, state: .skipped, trigger: .schedule, reason: "skipped: misfirePolicy skip")
        }
        guard plan.omittedCount > 0, let last = fires.indices.last(where: { fires[$0].state != .queued }) else {
            return fires
        }
        fires[last].reason = (fires[last].reason ?? "") + "; \(plan.omittedCount) earlier instants not listed"
        return fires
    }
}
