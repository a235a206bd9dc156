/// A calendar schedule (cron, or `@every … align`) evaluated in a time zone with the DST rules of docs/schedules.md.
///
/// Instants are whole seconds since the Unix epoch. Two clocks:
/// - wall clock (fixed hour field): each matching wall time fires once — at its first occurrence on a fall-back
///   night, at the end of the gap on a spring-forward night (or not at all with ``DSTPolicy/skip``);
/// - elapsed clock (`*` or a step in the hour field): every real instant whose local time matches fires, so the
///   schedule fires once per real hour through both transitions and a gap simply has no wall times.
struct CalendarRule: Hashable, Sendable {
    /// A fire found by the search.
    struct Fire: Equatable {
        var instant: Int
        /// The wall time the schedule named when a spring-forward gap moved the fire.
        var shiftedFromWall: Int?
    }

    var pattern: WallClockPattern
    var usesWallClock: Bool

    /// The first fire strictly after `instant` and at or before `limit`, or nil.
    func next(after instant: Int, limit: Int, in zone: ZoneTimeline, policy: DSTPolicy) -> Fire? {
        usesWallClock
            ? nextOnWallClock(after: instant, limit: limit, zone: zone, policy: policy)
            : nextOnElapsedClock(after: instant, limit: limit, zone: zone)
    }

    private func nextOnElapsedClock(after instant: Int, limit: Int, zone: ZoneTimeline) -> Fire? {
        var start = instant + 1
        while start <= limit {
            let index = zone.segmentIndex(containing: start)
            let offset = zone.offsets[index]
            let end = min(zone.segmentEnd(index) - 1, limit)

            if let wall = pattern.first(atOrAfter: start + offset, through: end + offset) {
                return Fire(instant: wall - offset)
            }
            start = end + 1
        }
        return nil
    }

    private func nextOnWallClock(after instant: Int, limit: Int, zone: ZoneTimeline, policy: DSTPolicy) -> Fire? {
        var lowestWall = zone.lowestWall(mappingAtOrAfter: instant + 1)
        let wallLimit = limit + zone.offset(at: limit)

        while let wall = pattern.first(atOrAfter: lowestWall, through: wallLimit) {
            switch zone.resolve(wall: wall) {
            case .unique(let fire), .repeated(let fire, _):
                return fire <= limit ? Fire(instant: fire) : nil

            case .gap(let end):
                if policy == .shift {
                    return end <= limit ? Fire(instant: end, shiftedFromWall: wall) : nil
                }
                lowestWall = end + zone.offset(at: end)
            }
        }
        return nil
    }

    /// How many fires lie in `(lower, upper]`.
    func count(after lower: Int, through upper: Int, in zone: ZoneTimeline, policy: DSTPolicy) -> Int {
        guard lower < upper else {
            return 0
        }
        return usesWallClock
            ? countOnWallClock(after: lower, through: upper, zone: zone, policy: policy)
            : countOnElapsedClock(after: lower, through: upper, zone: zone)
    }

    private func countOnElapsedClock(after lower: Int, through upper: Int, zone: ZoneTimeline) -> Int {
        var total = 0
        var start = lower + 1
        while start <= upper {
            let index = zone.segmentIndex(containing: start)
            let offset = zone.offsets[index]
            let end = min(zone.segmentEnd(index), upper + 1)

            total += pattern.count(from: start + offset, to: end + offset)
            start = end
        }
        return total
    }

    private func countOnWallClock(after lower: Int, through upper: Int, zone: ZoneTimeline, policy: DSTPolicy) -> Int {
        let lowerWall = zone.lowestWall(mappingAtOrAfter: lower + 1)
        let upperWall = zone.lowestWall(mappingAtOrAfter: upper + 1)
        var total = pattern.count(from: lowerWall, to: upperWall)

        for gap in zone.gaps(wallsFrom: lowerWall, to: upperWall) {
            let inGap = pattern.count(from: gap.startWall, to: gap.endWall)
            total -= inGap
            let endIsAFire = pattern.count(from: gap.endWall, to: gap.endWall + 1) == 1
            if policy == .shift && inGap > 0 && !endIsAFire {
                total += 1
            }
        }
        return total
    }
}
