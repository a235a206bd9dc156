/// A parsed 5- or 6-field cron expression (Vixie order, optional leading seconds) or cron macro.
struct CronExpression: Hashable, Sendable {
    /// The macros and the expressions they stand for.
    static let macros: [String: String] = [
        "@yearly": "0 0 1 1 *", "@annually": "0 0 1 1 *", "@monthly": "0 0 1 * *", "@weekly": "0 0 * * 0",
        "@daily": "0 0 * * *", "@midnight": "0 0 * * *", "@hourly": "0 * * * *",
    ]

    var rule: CalendarRule
    var warnings: [String]

    /// Parses `text` (already trimmed and length-checked). Positions in errors are offsets into `text`.
    init(parsing text: String) throws(ScheduleError) {
        let bytes = Array(text.utf8)
        if let nonASCII = bytes.firstIndex(where: { $0 >= 0x80 || $0 < 0x20 && $0 != 0x09 }) {
            throw ScheduleError(
                code: .invalidCron, field: "schedule",
                position: String(decoding: bytes[..<nonASCII], as: UTF8.self).count,
                message: "cron expressions use ASCII letters, digits, spaces and * , - / ? L W #"
            )
        }
        let upper = bytes.map { $0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z") ? $0 - 32 : $0 }
        let ranges = Self.fieldRanges(upper)
        guard ranges.count == 5 || ranges.count == 6 else {
            throw ScheduleError(
                code: .invalidCron, field: "schedule", position: ranges.count > 6 ? ranges[6].lowerBound : nil,
                message: "expected 5 fields (minute hour day-of-month month day-of-week) or 6 with a leading "
                    + "seconds field, found \(ranges.count); macros: @yearly @monthly @weekly @daily @hourly, "
                    + "@every <duration>, @at <RFC 3339 instant>"
            )
        }

        let fields: [CronField] = ranges.count == 6 ? CronField.allCases : Array(CronField.allCases.dropFirst())
        var values: [CronField: CronFieldValue] = [.second: CronFieldValue(values: 1)]
        for (field, range) in zip(fields, ranges) {
            values[field] = try CronFieldParser(field: field, bytes: upper[range], position: range.lowerBound).parse()
        }
        let hourText = ranges[fields.firstIndex(of: .hour)!]
        try self.init(values: values, hourIsPeriodic: upper[hourText].contains { $0 == 0x2A || $0 == 0x2F })
    }

    private init(values: [CronField: CronFieldValue], hourIsPeriodic: Bool) throws(ScheduleError) {
        let dayOfMonth = values[.dayOfMonth]!
        let dayOfWeek = values[.dayOfWeek]!
        let days = DayPattern(
            months: UInt16(truncatingIfNeeded: values[.month]!.values),
            daysOfMonth: UInt32(truncatingIfNeeded: dayOfMonth.values),
            includesLastDayOfMonth: dayOfMonth.includesLast,
            includesLastWeekdayOfMonth: dayOfMonth.includesLastWeekday,
            nearestWeekdays: dayOfMonth.nearestWeekdays,
            daysOfWeek: UInt8(truncatingIfNeeded: dayOfWeek.values),
            lastDaysOfWeek: dayOfWeek.lastWeekdays,
            nthDaysOfWeek: dayOfWeek.nthWeekdays,
            isDayOfMonthRestricted: !dayOfMonth.startsWithWildcard,
            isDayOfWeekRestricted: !dayOfWeek.startsWithWildcard
        )
        guard days.canEverMatch else {
            throw ScheduleError(
                code: .neverFires, field: "dayOfMonth",
                message: "no month of the selected months has the selected day (for example 30 or 31 February); "
                    + "the expression would never fire"
            )
        }

        let times = TimeOfDayPattern.fields(
            hours: values[.hour]!.values, minutes: values[.minute]!.values, seconds: values[.second]!.values
        )
        rule = CalendarRule(pattern: WallClockPattern(days: days, times: times), usesWallClock: !hourIsPeriodic)
        warnings = []
        if days.isDayOfMonthRestricted && days.isDayOfWeekRestricted {
            warnings.append(Self.orSemanticsWarning)
        }
    }

    static let orSemanticsWarning =
        "day-of-month and day-of-week are both restricted, so the schedule fires on days matching either one "
        + "(Vixie cron); for 'the first Friday of the month' write '*' in day-of-month and '5#1' in day-of-week"

    /// Byte ranges of the whitespace-separated fields.
    private static func fieldRanges(_ bytes: [UInt8]) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var start: Int?
        for (index, byte) in bytes.enumerated() {
            let isSpace = byte == 0x20 || byte == 0x09
            if isSpace, let fieldStart = start {
                ranges.append(fieldStart..<index)
                start = nil
            } else if !isSpace && start == nil {
                start = index
            }
        }
        if let start {
            ranges.append(start..<bytes.count)
        }
        return ranges
    }
}
