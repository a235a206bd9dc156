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
        let schedule = try Schedule(parsing: job.schedule)
        let zone = try ScheduleTimeZone(identifier: job.timeZone)
        let dstPolicy = DSTPolicy(rawValue: job.dstPolicy) ?? .shift
        let rules = job.misfireRules

        var fires: [PlannedFire] = []
        var next: Date?
        if due < now.addingTimeInterval(-rules.lateTolerance.seconds) {
            let catchUp = try schedule.planCatchUp(
                due: due, now: now, in: zone, anchor: job.anchorAt, dstPolicy: dstPolicy, rules: rules)
            fires = Self.records(of: catchUp, now: now, policy: rules.policy)
            next = catchUp.next?.instant
        } else {
            fires = [PlannedFire(nominalAt: due, dueAt: due, state: .queued, trigger: .schedule)]
            next = try schedule.next(after: due, in: zone, anchor: job.anchorAt, dstPolicy: dstPolicy)?.instant
        }

        let horizon = now.addingTimeInterval(lookahead.seconds)
        while let upcoming = next, upcoming <= horizon, fires.count < maximumFiresPerPass {
            fires.append(PlannedFire(nominalAt: upcoming, dueAt: upcoming, state: .queued, trigger: .schedule))
            next = try schedule.next(after: upcoming, in: zone, anchor: job.anchorAt, dstPolicy: dstPolicy)?.instant
        }
        return Plan(fires: fires, next: next)
    }

    static func records(of plan: CatchUpPlan, now: Date, policy: MisfirePolicy) -> [PlannedFire] {
        var fires = plan.fire.map {
            PlannedFire(
                nominalAt: $0, dueAt: now, state: .queued, trigger: .catchUp, reason: "catch-up (\(policy.rawValue))")
        }
        fires += plan.missed.map {
            PlannedFire(
                nominalAt: $0, dueAt: $0, state: .missed, trigger: .schedule, reason: "missed: outside catch-up")
        }
        fires += plan.skipped.map {
            PlannedFire(
                nominalAt: $0, dueAt: $0, state: .skipped, trigger: .schedule, reason: "skipped by misfire policy")
        }
        guard plan.omittedCount > 0, let last = fires.indices.last(where: { fires[$0].state != .queued }) else {
            return fires
        }
        fires[last].reason = (fires[last].reason ?? "") + "; \(plan.omittedCount) earlier instants not listed"
        return fires
    }
}

extension Job {
    /// The job's misfire settings in the engine's terms.
    public var misfireRules: MisfireRules {
        var rules = MisfireRules()
        rules.policy = MisfirePolicy(rawValue: misfirePolicy) ?? .fireOnce
        rules.catchUpWindow = .milliseconds(catchUpWindowMs)
        rules.maxCatchUp = maxCatchUp
        return rules
    }
}
