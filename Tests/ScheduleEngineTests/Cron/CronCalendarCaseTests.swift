import Testing

@testable import ScheduleEngine

/// Calendar features in UTC: leap days, `L` in February, steps across month ends, OR semantics, specials, macros.
@Suite struct CronCalendarCaseTests {
    static let leapDays: [FireCase] = [
        FireCase(
            "Feb 29 fires only in leap years", "0 0 29 2 *", from: "2026-01-01T00:00:00Z",
            ["2028-02-29T00:00:00Z", "2032-02-29T00:00:00Z"]),
        FireCase(
            "Feb 29 across the non-leap 2100 (8 years)", "0 0 29 2 *", from: "2096-03-01T00:00:00Z",
            ["2104-02-29T00:00:00Z"]),
        FireCase(
            "L in February of a common then a leap year", "0 12 L 2 *", from: "2027-01-01T00:00:00Z",
            ["2027-02-28T12:00:00Z", "2028-02-29T12:00:00Z"]),
        FireCase(
            "L in every month", "0 0 L * *", from: "2028-01-15T00:00:00Z",
            ["2028-01-31T00:00:00Z", "2028-02-29T00:00:00Z", "2028-03-31T00:00:00Z", "2028-04-30T00:00:00Z"]),
        FireCase(
            "LW: last weekday (Feb 28 2026 is a Saturday)", "0 9 LW 2 *", from: "2026-01-01T00:00:00Z",
            ["2026-02-27T09:00:00Z"]),
    ]

    static let monthEnds: [FireCase] = [
        FireCase(
            "*/10 restarts at day 1 of each month", "0 0 */10 * *", from: "2026-01-25T00:00:00Z",
            [
                "2026-01-31T00:00:00Z", "2026-02-01T00:00:00Z", "2026-02-11T00:00:00Z", "2026-02-21T00:00:00Z",
                "2026-03-01T00:00:00Z",
            ]),
        FireCase(
            "*/2 fires Jan 31 and Feb 1 back to back", "0 0 */2 * *", from: "2026-01-30T12:00:00Z",
            ["2026-01-31T00:00:00Z", "2026-02-01T00:00:00Z", "2026-02-03T00:00:00Z"]),
        FireCase(
            "day 31 skips the short months", "0 6 31 * *", from: "2026-01-31T12:00:00Z",
            ["2026-03-31T06:00:00Z", "2026-05-31T06:00:00Z", "2026-07-31T06:00:00Z"]),
        FireCase(
            "a/n runs to the end of the field", "0 0 25/3 * *", from: "2026-02-26T00:00:00Z",
            ["2026-02-28T00:00:00Z", "2026-03-25T00:00:00Z", "2026-03-28T00:00:00Z", "2026-03-31T00:00:00Z"]),
        FireCase(
            "minute steps cross the hour", "*/25 * * * *", from: "2026-01-31T23:40:00Z",
            ["2026-01-31T23:50:00Z", "2026-02-01T00:00:00Z", "2026-02-01T00:25:00Z"]),
    ]

    static let dayCombinations: [FireCase] = [
        FireCase(
            "OR: the 13th or any Friday", "0 0 13 * 5", from: "2026-02-01T00:00:00Z",
            [
                "2026-02-06T00:00:00Z", "2026-02-13T00:00:00Z", "2026-02-20T00:00:00Z", "2026-02-27T00:00:00Z",
                "2026-03-06T00:00:00Z", "2026-03-13T00:00:00Z",
            ]),
        FireCase(
            "OR: Feb 29 or any Monday of February", "0 0 29 2 1", from: "2027-02-01T00:00:00Z",
            [
                "2027-02-08T00:00:00Z", "2027-02-15T00:00:00Z", "2027-02-22T00:00:00Z", "2028-02-07T00:00:00Z",
                "2028-02-14T00:00:00Z", "2028-02-21T00:00:00Z", "2028-02-28T00:00:00Z", "2028-02-29T00:00:00Z",
            ]),
        FireCase(
            "AND: a star-led day-of-month keeps Vixie AND", "0 0 */2 * 1", from: "2026-01-01T00:00:00Z",
            ["2026-01-05T00:00:00Z", "2026-01-19T00:00:00Z", "2026-02-09T00:00:00Z"]),
        FireCase(
            "# picks the first Friday", "0 0 * * 5#1", from: "2026-01-01T00:00:00Z",
            ["2026-01-02T00:00:00Z", "2026-02-06T00:00:00Z", "2026-03-06T00:00:00Z"]),
        FireCase(
            "nL picks the last Friday", "0 0 * * 5L", from: "2026-01-01T00:00:00Z",
            ["2026-01-30T00:00:00Z", "2026-02-27T00:00:00Z", "2026-03-27T00:00:00Z"]),
        FireCase(
            "? means no restriction", "0 0 ? * MON", from: "2026-01-01T00:00:00Z",
            ["2026-01-05T00:00:00Z", "2026-01-12T00:00:00Z"]),
        FireCase(
            "7 and 0 are both Sunday", "0 0 * * 7", from: "2026-01-01T00:00:00Z",
            ["2026-01-04T00:00:00Z", "2026-01-11T00:00:00Z"]),
        FireCase(
            "names in ranges and lowercase", "0 0 1 jan-mar/2 *", from: "2026-01-01T00:00:00Z",
            ["2026-03-01T00:00:00Z", "2027-01-01T00:00:00Z"]),
        FireCase(
            "15W: Sunday the 15th moves to Monday", "0 0 15W * *", from: "2026-02-01T00:00:00Z",
            ["2026-02-16T00:00:00Z", "2026-03-16T00:00:00Z", "2026-04-15T00:00:00Z"]),
        FireCase(
            "1W: Saturday the 1st moves to Monday the 3rd", "0 0 1W 8 *", from: "2026-01-01T00:00:00Z",
            ["2026-08-03T00:00:00Z"]),
        FireCase(
            "31W: Sunday the 31st moves back to Friday", "0 0 31W 5 *", from: "2026-01-01T00:00:00Z",
            ["2026-05-29T00:00:00Z"]),
        FireCase(
            "31W has no fire in a 30-day month", "0 0 31W 4,5 *", from: "2026-01-01T00:00:00Z",
            ["2026-05-29T00:00:00Z", "2027-05-31T00:00:00Z"]),
        FireCase(
            "15W: Saturday the 15th moves to Friday", "0 0 15W 8 *", from: "2026-01-01T00:00:00Z",
            ["2026-08-14T00:00:00Z"]),
    ]

    static let forms: [FireCase] = [
        FireCase(
            "6 fields: seconds first", "*/20 0 12 * * *", from: "2026-01-01T00:00:00Z",
            ["2026-01-01T12:00:00Z", "2026-01-01T12:00:20Z", "2026-01-01T12:00:40Z", "2026-01-02T12:00:00Z"]),
        FireCase("@yearly", "@yearly", from: "2026-06-01T00:00:00Z", ["2027-01-01T00:00:00Z"]),
        FireCase("@monthly", "@monthly", from: "2026-06-01T00:00:00Z", ["2026-07-01T00:00:00Z"]),
        FireCase("@weekly is Sunday midnight", "@weekly", from: "2026-06-01T00:00:00Z", ["2026-06-07T00:00:00Z"]),
        FireCase("@daily", "@daily", from: "2026-06-01T00:00:00Z", ["2026-06-02T00:00:00Z"]),
        FireCase("@midnight", "@midnight", from: "2026-06-01T00:00:00Z", ["2026-06-02T00:00:00Z"]),
        FireCase("@hourly", "@hourly", from: "2026-06-01T00:00:00Z", ["2026-06-01T01:00:00Z"]),
        FireCase(
            "strictly after: a start on a fire instant skips it", "0 12 * * *", from: "2026-06-01T12:00:00Z",
            ["2026-06-02T12:00:00Z"]),
        FireCase(
            "the fifth Monday of February exists only on leap Feb 29", "0 0 * 2 1#5",
            from: "2026-01-01T00:00:00Z", ["2044-02-29T00:00:00Z"]),
    ]

    @Test(arguments: leapDays)
    func leapDaysAndLastDays(_ row: FireCase) throws {
        try row.check()
    }

    @Test(arguments: monthEnds)
    func stepsAcrossMonthEnds(_ row: FireCase) throws {
        try row.check()
    }

    @Test(arguments: dayCombinations)
    func dayOfMonthAndDayOfWeek(_ row: FireCase) throws {
        try row.check()
    }

    @Test(arguments: forms)
    func expressionForms(_ row: FireCase) throws {
        try row.check()
    }

    @Test func orSemanticsCarriesAWarningPointingToHash() throws {
        let schedule = try Schedule(parsing: "0 0 1-7 * 5")
        #expect(schedule.warnings.count == 1)
        #expect(schedule.warnings.first?.contains("5#1") == true)
        #expect(try Schedule(parsing: "0 0 * * 5#1").warnings.isEmpty)
        #expect(try Schedule(parsing: "0 0 1 * *").warnings.isEmpty)
    }

    @Test func textIsTrimmedAndKindIsCron() throws {
        let schedule = try Schedule(parsing: "  0 0 * * *\n")
        #expect(schedule.text == "0 0 * * *")
        #expect(schedule.kind == .cron)
        #expect(try Schedule(parsing: "@DAILY").kind == .cron)
    }
}
