/// Which days a calendar schedule fires on: months, day-of-month and day-of-week sets with the `L`, `W`, `LW`,
/// `nL` and `n#k` specials, combined with Vixie semantics (either field may match when both are restricted).
struct DayPattern: Hashable, Sendable {
    /// Bits 1…12.
    var months: UInt16 = 0b1_1111_1111_1110
    /// Bits 1…31 for plain day-of-month values.
    var daysOfMonth: UInt32 = 0xFFFF_FFFE
    /// `L` in day-of-month.
    var includesLastDayOfMonth = false
    /// `LW` in day-of-month.
    var includesLastWeekdayOfMonth = false
    /// Bits 1…31: `nW`, the weekday nearest to day n.
    var nearestWeekdays: UInt32 = 0
    /// Bits 0…6 (0 = Sunday).
    var daysOfWeek: UInt8 = 0x7F
    /// Bits 0…6: `nL`, the last weekday n of the month.
    var lastDaysOfWeek: UInt8 = 0
    /// Bit `(k - 1) * 7 + weekday`: `weekday#k`, the k-th such weekday of the month.
    var nthDaysOfWeek: UInt64 = 0
    /// False when the day-of-month field starts with `*` or `?`.
    var isDayOfMonthRestricted = false
    /// False when the day-of-week field starts with `*` or `?`.
    var isDayOfWeekRestricted = false

    /// Every day of every month.
    static let everyDay = DayPattern()

    func includesMonth(_ month: Int) -> Bool {
        months & (1 << UInt16(month)) != 0
    }

    /// Bits 1…length of the days of the month that fire.
    func dayMask(year: Int, month: Int) -> UInt32 {
        let length = CivilCalendar.daysInMonth(year: year, month: month)
        let firstDay = CivilCalendar.dayNumber(year: year, month: month, day: 1)
        return dayMask(length: length, firstWeekday: CivilCalendar.weekday(dayNumber: firstDay))
    }

    private func dayMask(length: Int, firstWeekday: Int) -> UInt32 {
        let validDays = UInt32(truncatingIfNeeded: (UInt64(1) << UInt64(length + 1)) - 2)
        let monthDays = dayOfMonthMask(length: length, firstWeekday: firstWeekday) & validDays
        let weekDays = dayOfWeekMask(length: length, firstWeekday: firstWeekday) & validDays
        if isDayOfMonthRestricted && isDayOfWeekRestricted {
            return monthDays | weekDays
        }
        return monthDays & weekDays
    }

    private func dayOfMonthMask(length: Int, firstWeekday: Int) -> UInt32 {
        var mask = daysOfMonth
        if includesLastDayOfMonth {
            mask |= 1 << UInt32(length)
        }
        if includesLastWeekdayOfMonth {
            mask |= 1 << UInt32(Self.nearestWeekday(to: length, length: length, firstWeekday: firstWeekday))
        }

        var pending = nearestWeekdays
        while pending != 0 {
            let day = pending.trailingZeroBitCount
            pending &= pending - 1
            if day <= length {
                mask |= 1 << UInt32(Self.nearestWeekday(to: day, length: length, firstWeekday: firstWeekday))
            }
        }
        return mask
    }

    private func dayOfWeekMask(length: Int, firstWeekday: Int) -> UInt32 {
        var week: UInt32 = 0
        for offset in 0..<7 where daysOfWeek & (1 << UInt8((firstWeekday + offset) % 7)) != 0 {
            week |= 1 << UInt32(offset)
        }
        var mask = (week | week << 7 | week << 14 | week << 21 | week << 28) << 1

        if lastDaysOfWeek != 0 {
            let lastWeekday = (firstWeekday + length - 1) % 7
            for weekday in 0..<7 where lastDaysOfWeek & (1 << UInt8(weekday)) != 0 {
                mask |= 1 << UInt32(length - (lastWeekday - weekday + 7) % 7)
            }
        }

        var pending = nthDaysOfWeek
        while pending != 0 {
            let bit = pending.trailingZeroBitCount
            pending &= pending - 1
            let day = 1 + (bit % 7 - firstWeekday + 7) % 7 + 7 * (bit / 7)
            if day <= length {
                mask |= 1 << UInt32(day)
            }
        }
        return mask
    }

    /// The weekday (Monday–Friday) nearest to `day` without leaving the month (the Quartz `W` rule).
    static func nearestWeekday(to day: Int, length: Int, firstWeekday: Int) -> Int {
        let weekday = (firstWeekday + day - 1) % 7
        switch weekday {
        case 6: return day == 1 ? day + 2 : day - 1
        case 0: return day == length ? day - 2 : day + 1
        default: return day
        }
    }

    /// True when some month of the 400-year Gregorian cycle has a firing day. Every combination of month length,
    /// leap year and first weekday occurs in that cycle, so checking the combinations is exact.
    var canEverMatch: Bool {
        for month in 1...12 where includesMonth(month) {
            let lengths = month == 2 ? [28, 29] : [CivilCalendar.daysInMonth(year: 2023, month: month)]
            for length in lengths {
                for firstWeekday in 0..<7 where dayMask(length: length, firstWeekday: firstWeekday) != 0 {
                    return true
                }
            }
        }
        return false
    }
}
