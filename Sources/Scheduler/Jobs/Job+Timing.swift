import Foundation
import ScheduleEngine

extension Job {
    /// A job's schedule in the engine's terms, parsed once for several computations.
    public struct Timing: Sendable {
        public var schedule: Schedule
        public var zone: ScheduleTimeZone
        public var dstPolicy: DSTPolicy
        /// Origin of `@every` intervals.
        public var anchor: Date

        /// The first nominal instant strictly after `instant`; `nil` when the schedule has none left.
        public func next(after instant: Date) throws -> Date? {
            try schedule.next(after: instant, in: zone, anchor: anchor, dstPolicy: dstPolicy)?.instant
        }
    }

    /// Parses the stored schedule and zone.
    ///
    /// - Throws: a `ScheduleError` when either no longer parses (or the zone file cannot be read).
    public func timing() throws -> Timing {
        Timing(
            schedule: try Schedule(parsing: schedule), zone: try ScheduleTimeZone(identifier: timeZone),
            dstPolicy: DSTPolicy(rawValue: dstPolicy) ?? .shift, anchor: anchorAt)
    }

    /// The job's misfire settings in the engine's terms.
    public var misfireRules: MisfireRules {
        var rules = MisfireRules()
        rules.policy = MisfirePolicy(rawValue: misfirePolicy) ?? .fireOnce
        rules.catchUpWindow = .milliseconds(catchUpWindowMs)
        rules.maxCatchUp = maxCatchUp
        return rules
    }
}
