import Foundation

extension Schedule {
    /// Plans what to do when the job's stored next instant `due` is at or before `now` (both from the database
    /// clock).
    ///
    /// The due instants are `due` and every occurrence in `(due, now]`. Those older than
    /// `now - rules.catchUpWindow` are `missed`. Of the rest, the policy picks what fires: the latest one
    /// (`fireOnce`), the latest `maxCatchUp` (`fireAll`) or, for `skip`, only the latest when it is no later than
    /// `lateTolerance`; the others are `missed` (`skipped` under `skip`). The work is bounded whatever the outage:
    /// counts come from calendar arithmetic and the lists stop at ``CatchUpPlan/listLimit``. When `due > now`,
    /// nothing is due and the plan only carries `next`.
    /// - Throws: ``ScheduleError`` as ``next(after:in:anchor:dstPolicy:)`` does, and `invalidArgument` for rules
    ///   outside their documented ranges.
    public func planCatchUp(
        due: Date, now: Date, in timeZone: ScheduleTimeZone, anchor: Date, dstPolicy: DSTPolicy,
        rules: MisfireRules
    ) throws -> CatchUpPlan {
        try rules.validate()
        let context = CatchUpContext(
            schedule: self, zone: timeZone.timeline, anchor: try anchorMilliseconds(anchor), policy: dstPolicy,
            due: try Self.milliseconds(of: due, field: "due"), now: try Self.milliseconds(of: now, field: "now")
        )
        let next = try context.next().map { makeOccurrence($0, in: timeZone.timeline) }
        guard context.due <= context.now else {
            return CatchUpPlan(fire: [], missed: [], skipped: [], omittedCount: 0, next: next)
        }

        let window = max(MisfireRules.milliseconds(rules.catchUpWindow), MisfireRules.milliseconds(rules.lateTolerance))
        let cutoff = context.now - window
        let total = 1 + context.count(after: context.due, through: context.now)
        let expired = context.due < cutoff ? 1 + context.count(after: context.due, through: cutoff - 1) : 0
        let eligible = total - expired

        let fires = try context.lastInstants(
            firingCount(eligible: eligible, context: context, rules: rules), total: total
        )
        let skips = rules.policy == .skip
        var plan = try context.list(cutoff: cutoff, firstFired: fires.first ?? Int.max, eligibleAreSkipped: skips)
        let missedTotal = expired + (skips ? 0 : eligible - fires.count)
        let skippedTotal = skips ? eligible - fires.count : 0

        plan.fire = fires.map(Self.date)
        plan.omittedCount = missedTotal - plan.missed.count + skippedTotal - plan.skipped.count
        plan.next = next
        return plan
    }

    private func firingCount(eligible: Int, context: CatchUpContext, rules: MisfireRules) throws -> Int {
        guard eligible > 0 else {
            return 0
        }
        switch rules.policy {
        case .fireOnce:
            return 1
        case .fireAll:
            return min(rules.maxCatchUp, eligible)
        case .skip:
            let latest = try context.lastInstants(1, total: 1 + context.count(after: context.due, through: context.now))
            let lateness = context.now - (latest.first ?? context.due)
            return lateness <= MisfireRules.milliseconds(rules.lateTolerance) ? 1 : 0
        }
    }

    static func date(_ milliseconds: Int) -> Date {
        Date(timeIntervalSince1970: Double(milliseconds) / 1000)
    }
}

/// The fixed inputs of one catch-up plan, with the queries the planner needs.
private struct CatchUpContext {
    let schedule: Schedule
    let zone: ZoneTimeline
    let anchor: Int
    let policy: DSTPolicy
    let due: Int
    let now: Int

    func next() throws(ScheduleError) -> Schedule.Fire? {
        try schedule.nextFire(after: now, zone: zone, anchor: anchor, policy: policy)
    }

    func nextInstant(after instant: Int) throws(ScheduleError) -> Int? {
        try schedule.nextFire(after: instant, zone: zone, anchor: anchor, policy: policy)?.milliseconds
    }

    func count(after lower: Int, through upper: Int) -> Int {
        schedule.countFires(after: lower, through: upper, zone: zone, anchor: anchor, policy: policy)
    }

    /// The last `count` of the `total` due instants (`due` followed by the fires in `(due, now]`).
    func lastInstants(_ count: Int, total: Int) throws(ScheduleError) -> [Int] {
        let fromSchedule = try schedule.lastFires(
            min(count, total - 1), after: due, through: now, zone: zone, anchor: anchor, policy: policy
        ).map(\.milliseconds)
        return count >= total ? [due] + fromSchedule : fromSchedule
    }

    /// The first ``CatchUpPlan/listLimit`` expired instants, then the first not-fired instants inside the window.
    func list(cutoff: Int, firstFired: Int, eligibleAreSkipped: Bool) throws(ScheduleError) -> CatchUpPlan {
        var plan = CatchUpPlan(fire: [], missed: [], skipped: [], omittedCount: 0, next: nil)
        var instant: Int? = due
        while let current = instant, current < cutoff, plan.missed.count < CatchUpPlan.listLimit {
            plan.missed.append(Schedule.date(current))
            instant = try nextInstant(after: current)
        }

        instant = due >= cutoff ? due : try nextInstant(after: max(cutoff - 1, due))
        while let current = instant, current < firstFired, current <= now {
            if eligibleAreSkipped {
                guard plan.skipped.count < CatchUpPlan.listLimit else { break }
                plan.skipped.append(Schedule.date(current))
            } else {
                guard plan.missed.count < CatchUpPlan.listLimit else { break }
                plan.missed.append(Schedule.date(current))
            }
            instant = try nextInstant(after: current)
        }
        return plan
    }
}
