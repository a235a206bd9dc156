import Foundation

extension Schedule {
    /// Seconds searched by `next` before it gives up: ``searchHorizonYears`` years of 365.25 days.
    static let horizonSeconds = searchHorizonYears * 36_525 * 864

    /// A fire found by the engine, in milliseconds since the Unix epoch.
    struct Fire: Equatable {
        var milliseconds: Int
        var shiftedFromWall: Int?
    }

    /// The first occurrence strictly after `instant`, or nil when none remains (an `@at` in the past).
    ///
    /// - Parameters:
    ///   - instant: exclusive lower bound; compared at millisecond precision.
    ///   - timeZone: the zone whose wall clock cron and aligned schedules follow.
    ///   - anchor: start of the `@every` grid (the job's creation instant); ignored by other kinds.
    ///   - dstPolicy: what a fixed-hour cron does with a wall time removed by a spring-forward gap.
    /// - Throws: ``ScheduleError`` `noFireWithinHorizon` when no fire exists within ``searchHorizonYears`` years
    ///   (or before ``latestInstant``); `invalidInstant` when `instant` or `anchor` lies outside
    ///   ``earliestInstant``..<``latestInstant``.
    public func next(
        after instant: Date, in timeZone: ScheduleTimeZone, anchor: Date, dstPolicy: DSTPolicy = .shift
    ) throws -> Occurrence? {
        let after = try Self.milliseconds(of: instant, field: "instant")
        let anchorMilliseconds = try anchorMilliseconds(anchor)
        return try nextFire(after: after, zone: timeZone.timeline, anchor: anchorMilliseconds, policy: dstPolicy)
            .map { makeOccurrence($0, in: timeZone.timeline) }
    }

    /// Up to `count` (0…1,000) consecutive occurrences strictly after `from`; fewer only when the schedule ends
    /// (an `@at`). Parameters and errors as in ``next(after:in:anchor:dstPolicy:)``; `count` outside 0…1,000
    /// throws `invalidArgument`.
    public func preview(
        from: Date, count: Int, in timeZone: ScheduleTimeZone, anchor: Date, dstPolicy: DSTPolicy = .shift
    ) throws -> [Occurrence] {
        guard (0...1_000).contains(count) else {
            throw ScheduleError(code: .invalidArgument, field: "count", message: "count must be between 0 and 1000")
        }
        var cursor = try Self.milliseconds(of: from, field: "from")
        let anchorMilliseconds = try anchorMilliseconds(anchor)

        var result: [Occurrence] = []
        while result.count < count,
            let fire = try nextFire(
                after: cursor, zone: timeZone.timeline, anchor: anchorMilliseconds, policy: dstPolicy)
        {
            result.append(makeOccurrence(fire, in: timeZone.timeline))
            cursor = fire.milliseconds
        }
        return result
    }

    /// The engine's core: the first fire strictly after `after` (milliseconds).
    func nextFire(after: Int, zone: ZoneTimeline, anchor: Int, policy: DSTPolicy) throws(ScheduleError) -> Fire? {
        switch rule {
        case .at(let milliseconds):
            return milliseconds > after ? Fire(milliseconds: milliseconds) : nil

        case .every(let every):
            let fire = every.next(after: after, anchor: anchor)
            guard fire < Self.latestMilliseconds else {
                throw noFire()
            }
            return Fire(milliseconds: fire)

        case .calendar(let calendar):
            let seconds = CivilCalendar.floorDivide(after, 1000)
            let limit = min(seconds + Self.horizonSeconds, Self.latestMilliseconds / 1000 - 1)
            guard let fire = calendar.next(after: seconds, limit: limit, in: zone, policy: policy) else {
                throw noFire()
            }
            return Fire(milliseconds: fire.instant * 1000, shiftedFromWall: fire.shiftedFromWall)
        }
    }

    func makeOccurrence(_ fire: Fire, in zone: ZoneTimeline) -> Occurrence {
        let offset = zone.offset(at: CivilCalendar.floorDivide(fire.milliseconds, 1000))
        let localTime = RFC3339.format(milliseconds: fire.milliseconds, offset: offset)
        let instant = Date(timeIntervalSince1970: Double(fire.milliseconds) / 1000)
        guard let wall = fire.shiftedFromWall else {
            return Occurrence(instant: instant, localTime: localTime)
        }

        let wallTime = RFC3339.format(milliseconds: wall * 1000, offset: 0).dropFirst(11).prefix(8)
        let reason = "spring-forward gap: \(wallTime) does not exist on that day; fired at the end of the gap"
        return Occurrence(instant: instant, localTime: localTime, isShifted: true, shiftReason: reason)
    }

    func anchorMilliseconds(_ anchor: Date) throws(ScheduleError) -> Int {
        guard case .every = rule else {
            return 0
        }
        return try Self.milliseconds(of: anchor, field: "anchor")
    }

    /// `date` in whole milliseconds since the Unix epoch, checked against the supported years.
    static func milliseconds(of date: Date, field: String) throws(ScheduleError) -> Int {
        let seconds = date.timeIntervalSince1970
        guard seconds >= earliestInstant.timeIntervalSince1970, seconds < latestInstant.timeIntervalSince1970 else {
            throw ScheduleError(
                code: .invalidInstant, field: field, message: "instants must lie between the years 1900 and 2399"
            )
        }
        return Int((seconds * 1000).rounded())
    }

    private func noFire() -> ScheduleError {
        ScheduleError(
            code: .noFireWithinHorizon, field: "schedule",
            message: "the schedule has no fire within \(Self.searchHorizonYears) years of the start instant"
        )
    }
}
