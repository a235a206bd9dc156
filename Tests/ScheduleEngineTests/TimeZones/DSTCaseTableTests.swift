import Testing

@testable import ScheduleEngine

/// Public-style cases for DST nights: each row names the rule it shows and the expected UTC instants (derived from
/// the zone rules by hand and cross-checked with Python's zoneinfo, not with this engine).
@Suite struct DSTCaseTableTests {
    static let berlin: [FireCase] = [
        FireCase(
            "gap wall time fires once at the end of the gap", "30 2 * * *", in: "Europe/Berlin",
            from: "2026-03-28T12:00:00Z", ["2026-03-29T01:00:00Z", "2026-03-30T00:30:00Z"]),
        FireCase(
            "gap wall time is dropped with policy skip", "30 2 * * *", in: "Europe/Berlin",
            from: "2026-03-28T12:00:00Z", ["2026-03-30T00:30:00Z", "2026-03-31T00:30:00Z"], policy: .skip),
        FireCase(
            "repeated wall time fires at its first occurrence only", "30 2 * * *", in: "Europe/Berlin",
            from: "2026-10-24T12:00:00Z", ["2026-10-25T00:30:00Z", "2026-10-26T01:30:00Z"]),
        FireCase(
            "hourly fires once per real hour through fall-back", "0 * * * *", in: "Europe/Berlin",
            from: "2026-10-24T23:30:00Z",
            ["2026-10-25T00:00:00Z", "2026-10-25T01:00:00Z", "2026-10-25T02:00:00Z"]),
        FireCase(
            "hourly fires once per real hour through spring-forward", "0 * * * *", in: "Europe/Berlin",
            from: "2026-03-28T23:30:00Z",
            ["2026-03-29T00:00:00Z", "2026-03-29T01:00:00Z", "2026-03-29T02:00:00Z"]),
        FireCase(
            "several gap wall times collapse into one fire", "*/30 2 * * *", in: "Europe/Berlin",
            from: "2026-03-28T12:00:00Z",
            ["2026-03-29T01:00:00Z", "2026-03-30T00:00:00Z", "2026-03-30T00:30:00Z"]),
        FireCase(
            "a shifted fire and the real 03:00 are one fire", "0 2,3 * * *", in: "Europe/Berlin",
            from: "2026-03-28T12:00:00Z",
            ["2026-03-29T01:00:00Z", "2026-03-30T00:00:00Z", "2026-03-30T01:00:00Z"]),
        FireCase(
            "minutes of a fixed hour fire in the first pass only", "*/20 2 * * *", in: "Europe/Berlin",
            from: "2026-10-24T12:00:00Z",
            ["2026-10-25T00:00:00Z", "2026-10-25T00:20:00Z", "2026-10-25T00:40:00Z", "2026-10-26T01:00:00Z"]),
        FireCase(
            "a wall time before the repeated hour is unaffected", "30 1 * * *", in: "Europe/Berlin",
            from: "2026-10-24T12:00:00Z", ["2026-10-24T23:30:00Z", "2026-10-26T00:30:00Z"]),
    ]

    static let zurich: [FireCase] = [
        FireCase(
            "weekly gap wall time shifts, next week is normal", "15 2 * * 0", in: "Europe/Zurich",
            from: "2027-03-27T00:00:00Z", ["2027-03-28T01:00:00Z", "2027-04-04T00:15:00Z"]),
        FireCase(
            "repeated 02:45 fires once", "45 2 * * *", in: "Europe/Zurich",
            from: "2027-10-30T12:00:00Z", ["2027-10-31T00:45:00Z", "2027-11-01T01:45:00Z"]),
    ]

    static let america: [FireCase] = [
        FireCase(
            "Chicago gap 02:30 fires at 03:00 CDT", "30 2 * * *", in: "America/Chicago",
            from: "2026-03-07T18:00:00Z", ["2026-03-08T08:00:00Z", "2026-03-09T07:30:00Z"]),
        FireCase(
            "Chicago repeated 01:30 fires in CDT only", "30 1 * * *", in: "America/Chicago",
            from: "2026-10-31T18:00:00Z", ["2026-11-01T06:30:00Z", "2026-11-02T07:30:00Z"]),
        FireCase(
            "Chicago half-hourly fires in both passes of 01:xx", "*/30 * * * *", in: "America/Chicago",
            from: "2026-11-01T05:45:00Z",
            [
                "2026-11-01T06:00:00Z", "2026-11-01T06:30:00Z", "2026-11-01T07:00:00Z", "2026-11-01T07:30:00Z",
                "2026-11-01T08:00:00Z",
            ]),
        FireCase(
            "New York gap 02:00 fires at 03:00 EDT", "0 2 * * *", in: "America/New_York",
            from: "2026-03-07T12:00:00Z", ["2026-03-08T07:00:00Z", "2026-03-09T06:00:00Z"]),
        FireCase(
            "New York repeated 01:00 fires in EDT only", "0 1 * * *", in: "America/New_York",
            from: "2026-10-31T12:00:00Z", ["2026-11-01T05:00:00Z", "2026-11-02T06:00:00Z"]),
        FireCase(
            "Monday after the 23-hour Sunday still fires", "0 9 * * MON-FRI", in: "America/New_York",
            from: "2026-03-06T15:00:00Z", ["2026-03-09T13:00:00Z", "2026-03-10T13:00:00Z"]),
        FireCase(
            "Phoenix has no DST: 02:30 every day", "30 2 * * *", in: "America/Phoenix",
            from: "2026-03-07T00:00:00Z",
            ["2026-03-07T09:30:00Z", "2026-03-08T09:30:00Z", "2026-03-09T09:30:00Z"]),
        FireCase(
            "Phoenix hourly on the US fall-back night", "0 * * * *", in: "America/Phoenix",
            from: "2026-11-01T05:30:00Z",
            ["2026-11-01T06:00:00Z", "2026-11-01T07:00:00Z", "2026-11-01T08:00:00Z"]),
    ]

    static let southern: [FireCase] = [
        FireCase(
            "Sydney gap 02:30 fires at 03:00 AEDT", "30 2 * * *", in: "Australia/Sydney",
            from: "2026-10-03T00:00:00Z", ["2026-10-03T16:00:00Z", "2026-10-04T15:30:00Z"]),
        FireCase(
            "Sydney repeated 02:30 fires in AEDT only", "30 2 * * *", in: "Australia/Sydney",
            from: "2026-04-04T00:00:00Z", ["2026-04-04T15:30:00Z", "2026-04-05T16:30:00Z"]),
        FireCase(
            "Lord Howe 30-minute gap: 02:15 fires at 02:30", "15 2 * * *", in: "Australia/Lord_Howe",
            from: "2025-10-04T00:00:00Z", ["2025-10-04T15:30:00Z", "2025-10-05T15:15:00Z"]),
        FireCase(
            "Lord Howe 30-minute overlap: 01:45 fires once", "45 1 * * *", in: "Australia/Lord_Howe",
            from: "2026-04-04T00:00:00Z", ["2026-04-04T14:45:00Z", "2026-04-05T15:15:00Z"]),
    ]

    @Test(arguments: berlin + zurich)
    func europeanNights(_ row: FireCase) throws {
        try row.check()
    }

    @Test(arguments: america)
    func americanNights(_ row: FireCase) throws {
        try row.check()
    }

    @Test(arguments: southern)
    func southernHemisphereNights(_ row: FireCase) throws {
        try row.check()
    }

    @Test func shiftedOccurrenceIsMarkedWithReasonAndLocalTime() throws {
        let schedule = try Schedule(parsing: "30 2 * * *")
        let occurrence = try #require(
            try schedule.next(
                after: TestTime.instant("2026-03-28T12:00:00Z"), in: TestTime.zone("Europe/Berlin"),
                anchor: TestTime.instant("2026-01-01T00:00:00Z")
            )
        )
        #expect(occurrence.isShifted)
        #expect(occurrence.localTime == "2026-03-29T03:00:00+02:00")
        #expect(occurrence.shiftReason?.hasPrefix("spring-forward gap: 02:30:00") == true)
    }

    @Test func firstOccurrenceOnFallBackIsNotMarkedShifted() throws {
        let occurrences = try Schedule(parsing: "30 2 * * *").preview(
            from: TestTime.instant("2026-10-24T12:00:00Z"), count: 2, in: TestTime.zone("Europe/Berlin"),
            anchor: TestTime.instant("2026-01-01T00:00:00Z")
        )
        #expect(occurrences.map(\.localTime) == ["2026-10-25T02:30:00+02:00", "2026-10-26T02:30:00+01:00"])
        #expect(occurrences.allSatisfy { !$0.isShifted && $0.shiftReason == nil })
    }

    @Test func startInsideTheSecondPassDoesNotFireTheRepeatedTimeAgain() throws {
        let fires = try TestTime.preview(
            "30 2 * * *", from: "2026-10-25T01:15:00Z", count: 1, zone: "Europe/Berlin"
        )
        #expect(fires == ["2026-10-26T01:30:00Z"])
    }

    @Test func startOneSecondBeforeTheGapStillFindsTheShiftedFire() throws {
        let fires = try TestTime.preview("30 2 * * *", from: "2026-03-29T00:59:59Z", count: 1, zone: "Europe/Berlin")
        #expect(fires == ["2026-03-29T01:00:00Z"])
    }
}
