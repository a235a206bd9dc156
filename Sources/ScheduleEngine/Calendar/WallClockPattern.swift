/// A set of wall-clock times (days × seconds of day) on a clock with no zone, searchable and countable.
///
/// Wall times are whole seconds since 1970-01-01T00:00 on that clock. Every search is bounded by a limit, and every
/// loop step moves at least one day forward, so nothing here can spin.
struct WallClockPattern: Hashable, Sendable {
    var days: DayPattern
    var times: TimeOfDayPattern

    /// The first matching wall time in `start...limit`, or nil.
    func first(atOrAfter start: Int, through limit: Int) -> Int? {
        var dayNumber = CivilCalendar.floorDivide(start, CivilCalendar.secondsPerDay)
        var secondOfDay = start - dayNumber * CivilCalendar.secondsPerDay
        let lastDay = CivilCalendar.floorDivide(limit, CivilCalendar.secondsPerDay)

        while dayNumber <= lastDay {
            let date = CivilCalendar.date(dayNumber: dayNumber)
            guard days.includesMonth(date.month) else {
                dayNumber = firstDayOfNextIncludedMonth(after: date)
                secondOfDay = 0
                continue
            }

            let monthStart = dayNumber - date.day + 1
            var candidates = days.dayMask(year: date.year, month: date.month) & ~((1 << UInt32(date.day)) - 1)
            while candidates != 0 {
                let day = candidates.trailingZeroBitCount
                candidates &= candidates - 1
                let candidateDay = monthStart + day - 1
                let fromSecond = candidateDay == dayNumber ? secondOfDay : 0

                if let time = times.first(atOrAfter: fromSecond) {
                    let wall = candidateDay * CivilCalendar.secondsPerDay + time
                    return wall <= limit ? wall : nil
                }
            }
            dayNumber = monthStart + CivilCalendar.daysInMonth(year: date.year, month: date.month)
            secondOfDay = 0
        }
        return nil
    }

    /// How many matching wall times lie in `lower..<upper`.
    func count(from lower: Int, to upper: Int) -> Int {
        guard lower < upper else {
            return 0
        }
        var total = 0
        var dayNumber = CivilCalendar.floorDivide(lower, CivilCalendar.secondsPerDay)
        let lastDay = CivilCalendar.floorDivide(upper - 1, CivilCalendar.secondsPerDay)

        while dayNumber <= lastDay {
            let date = CivilCalendar.date(dayNumber: dayNumber)
            let monthStart = dayNumber - date.day + 1
            let nextMonth = monthStart + CivilCalendar.daysInMonth(year: date.year, month: date.month)
            if days.includesMonth(date.month) {
                total += count(monthStart: monthStart, date: date, lower: lower, upper: upper)
            }
            dayNumber = nextMonth
        }
        return total
    }

    private func count(monthStart: Int, date: CivilCalendar.Date, lower: Int, upper: Int) -> Int {
        var total = 0
        var candidates = days.dayMask(year: date.year, month: date.month) & ~((1 << UInt32(date.day)) - 1)
        while candidates != 0 {
            let day = candidates.trailingZeroBitCount
            candidates &= candidates - 1
            let dayStart = (monthStart + day - 1) * CivilCalendar.secondsPerDay
            if dayStart >= upper {
                break
            }

            let fromSecond = max(lower - dayStart, 0)
            let toSecond = min(upper - dayStart, CivilCalendar.secondsPerDay)
            total += times.count(below: toSecond) - times.count(below: fromSecond)
        }
        return total
    }

    private func firstDayOfNextIncludedMonth(after date: CivilCalendar.Date) -> Int {
        var year = date.year
        var month = date.month
        for _ in 0..<12 {
            month += 1
            if month > 12 {
                month = 1
                year += 1
            }
            if days.includesMonth(month) {
                break
            }
        }
        return CivilCalendar.dayNumber(year: year, month: month, day: 1)
    }
}
