import Foundation
import Testing

@testable import ScheduleEngine

/// `@every` on the anchor grid and aligned to the wall clock, and one-shot `@at`.
@Suite struct EveryAndAtTests {
    static let anchored: [FireCase] = [
        FireCase(
            "90m from the anchor", "@every 90m", from: "2026-01-01T00:00:00Z",
            ["2026-01-01T01:30:00Z", "2026-01-01T03:00:00Z"]),
        FireCase(
            "1h30m equals 90m", "@every 1h30m", from: "2026-01-01T00:00:00Z",
            ["2026-01-01T01:30:00Z", "2026-01-01T03:00:00Z"]),
        FireCase(
            "a start before the anchor gives anchor + interval", "@every 1h", from: "2025-06-01T00:00:00Z",
            ["2026-01-01T01:00:00Z"]),
        FireCase(
            "a start between fires continues on the grid", "@every 7m", from: "2026-01-01T00:20:00Z",
            ["2026-01-01T00:21:00Z", "2026-01-01T00:28:00Z"]),
        FireCase(
            "1d is 24 real hours through DST", "@every 1d", in: "Europe/Berlin", from: "2026-03-28T00:00:00Z",
            ["2026-03-29T00:00:00Z", "2026-03-30T00:00:00Z"]),
        FireCase(
            "1s500ms", "@every 1s500ms", from: "2026-01-01T00:00:00Z",
            ["2026-01-01T00:00:01.500Z", "2026-01-01T00:00:03Z"]),
    ]

    static let aligned: [FireCase] = [
        FireCase(
            "15m align fires on quarter hours", "@every 15m align", from: "2026-01-01T10:07:00Z",
            ["2026-01-01T10:15:00Z", "2026-01-01T10:30:00Z"]),
        FireCase(
            "90m align restarts at local midnight", "@every 90m align", from: "2026-01-01T22:00:00Z",
            ["2026-01-01T22:30:00Z", "2026-01-02T00:00:00Z"]),
        FireCase(
            "1h align fires once per real hour through fall-back", "@every 1h align", in: "Europe/Berlin",
            from: "2026-10-24T23:30:00Z",
            ["2026-10-25T00:00:00Z", "2026-10-25T01:00:00Z", "2026-10-25T02:00:00Z"]),
        FireCase(
            "6h align in New York local time", "@every 6h align", in: "America/New_York",
            from: "2026-07-01T00:00:00Z", ["2026-07-01T04:00:00Z", "2026-07-01T10:00:00Z"]),
    ]

    @Test(arguments: anchored + aligned)
    func everyFiresOnItsGrid(_ row: FireCase) throws {
        try row.check()
    }

    @Test func anchorKeepsMillisecondsAndLocalTimeShowsThem() throws {
        let occurrence = try #require(
            try Schedule(parsing: "@every 1s").next(
                after: TestTime.instant("2026-01-01T12:00:00Z"), in: .utc,
                anchor: TestTime.instant("2026-01-01T11:59:59.250Z")
            )
        )
        #expect(TestTime.utc(occurrence.instant) == "2026-01-01T12:00:00.250Z")
        #expect(occurrence.localTime == "2026-01-01T12:00:00.250+00:00")
    }

    @Test func anInstantStoredAndReadBackDoesNotFireTwice() throws {
        let schedule = try Schedule(parsing: "@every 1s")
        let anchor = TestTime.instant("2026-01-01T00:00:00.123Z")
        var cursor = anchor
        for _ in 0..<1_000 {
            let next = try #require(try schedule.next(after: cursor, in: .utc, anchor: anchor))
            let roundTripped = Date(timeIntervalSince1970: (next.instant.timeIntervalSince1970 * 1e6).rounded() / 1e6)
            #expect(roundTripped > cursor)
            cursor = roundTripped
        }
        #expect(TestTime.utc(cursor) == "2026-01-01T00:16:40.123Z")
    }

    @Test func atFiresOnceThenNever() throws {
        let schedule = try Schedule(parsing: "@at 2026-12-24T18:00:00+01:00")
        #expect(schedule.kind == .at)
        let fires = try TestTime.preview("@at 2026-12-24T18:00:00+01:00", from: "2026-01-01T00:00:00Z", count: 5)
        #expect(fires == ["2026-12-24T17:00:00Z"])
        let after = try schedule.next(after: TestTime.instant("2026-12-24T17:00:00Z"), in: .utc, anchor: Date())
        #expect(after == nil)
    }

    @Test func atAcceptsZuluLowercaseAndFractions() throws {
        let fires = try TestTime.preview("@at 2026-07-01t08:00:00.5z", from: "2026-01-01T00:00:00Z", count: 1)
        #expect(fires == ["2026-07-01T08:00:00.500Z"])
        let local = try Schedule(parsing: "@at 2026-07-01T08:00:00Z").next(
            after: TestTime.instant("2026-01-01T00:00:00Z"), in: TestTime.zone("Asia/Kolkata"), anchor: Date()
        )
        #expect(local?.localTime == "2026-07-01T13:30:00+05:30")
    }

    @Test func kindsAndText() throws {
        #expect(try Schedule(parsing: "@every 15m align").kind == .every)
        #expect(try Schedule(parsing: " @every 1s ").text == "@every 1s")
        #expect(try Schedule(parsing: "@EVERY 1H").kind == .every)
    }
}
