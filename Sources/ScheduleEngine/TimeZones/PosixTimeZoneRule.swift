/// The POSIX TZ string from the footer of a TZif file (RFC 8536 §3.3), e.g. `CET-1CEST,M3.5.0,M10.5.0/3`.
/// It defines the offsets after the last transition stored in the table.
struct PosixTimeZoneRule: Hashable, Sendable {
    /// A day of the year as the TZ string encodes it.
    enum DayRule: Hashable, Sendable {
        /// `Jn`: day 1…365, February 29 never counted.
        case julianSkippingLeapDay(Int)
        /// `n`: day 0…365, February 29 counted.
        case zeroBasedDay(Int)
        /// `Mm.w.d`: weekday d (0 = Sunday) of week w (1…5, 5 = last) of month m.
        case monthWeekDay(month: Int, week: Int, weekday: Int)
    }

    /// A transition rule: the day and the wall time (seconds, may be negative or above 24 h) of the switch.
    struct Switch: Hashable, Sendable {
        var day: DayRule
        var secondOfDay: Int
    }

    /// Standard offset, seconds east of UTC.
    var standardOffset: Int
    /// Daylight offset, seconds east of UTC; nil when the zone has no DST.
    var daylightOffset: Int?
    var daylightStart: Switch?
    var daylightEnd: Switch?

    /// The instants (seconds since the Unix epoch) at which the offset changes in `year`, with the offset after.
    func transitions(inYear year: Int) -> [(instant: Int, offset: Int)] {
        guard let daylightOffset, let daylightStart, let daylightEnd else {
            return []
        }
        let startWall = Self.dayNumber(of: daylightStart.day, year: year) * 86_400 + daylightStart.secondOfDay
        let endWall = Self.dayNumber(of: daylightEnd.day, year: year) * 86_400 + daylightEnd.secondOfDay
        let start = (instant: startWall - standardOffset, offset: daylightOffset)
        let end = (instant: endWall - daylightOffset, offset: standardOffset)
        return start.instant <= end.instant ? [start, end] : [end, start]
    }

    private static func dayNumber(of rule: DayRule, year: Int) -> Int {
        let januaryFirst = CivilCalendar.dayNumber(year: year, month: 1, day: 1)
        switch rule {
        case .julianSkippingLeapDay(let day):
            let skipsLeapDay = CivilCalendar.isLeapYear(year) && day >= 60
            return januaryFirst + day - 1 + (skipsLeapDay ? 1 : 0)

        case .zeroBasedDay(let day):
            return januaryFirst + day

        case .monthWeekDay(let month, let week, let weekday):
            let first = CivilCalendar.dayNumber(year: year, month: month, day: 1)
            var day = 1 + (weekday - CivilCalendar.weekday(dayNumber: first) + 7) % 7 + (week - 1) * 7
            let length = CivilCalendar.daysInMonth(year: year, month: month)
            while day > length {
                day -= 7
            }
            return first + day - 1
        }
    }
}
