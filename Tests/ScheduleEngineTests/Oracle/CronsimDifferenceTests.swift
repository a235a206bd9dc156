import Foundation
import Testing

@testable import ScheduleEngine

/// Each deliberate difference from cronsim listed in docs/schedules.md: cronsim's own answer (asked with the
/// expression unchanged, so the test notices if cronsim changes) next to the engine's.
@Suite struct CronsimDifferenceTests {
    struct Difference: CustomTestStringConvertible, Sendable {
        var note: String
        var expression: String
        var zone: String
        var start: String
        var cronsim: [String]
        var engine: [String]

        var testDescription: String { note }
    }

    static let differences: [Difference] = [
        Difference(
            note: "fixed hour with a wildcard minute follows the wall clock (cronsim: elapsed clock)",
            expression: "*/30 2 * * *", zone: "Europe/Berlin", start: "2026-10-24T12:00:00Z",
            cronsim: ["2026-10-25T00:00:00Z", "2026-10-25T00:30:00Z", "2026-10-25T01:00:00Z", "2026-10-25T01:30:00Z"],
            engine: ["2026-10-25T00:00:00Z", "2026-10-25T00:30:00Z", "2026-10-26T01:00:00Z", "2026-10-26T01:30:00Z"]
        ),
        Difference(
            note: "fixed hour with a wildcard minute shifts out of the gap (cronsim: no fire that night)",
            expression: "*/30 2 * * *", zone: "Europe/Berlin", start: "2026-03-28T12:00:00Z",
            cronsim: ["2026-03-30T00:00:00Z"], engine: ["2026-03-29T01:00:00Z"]
        ),
        Difference(
            note: "6-field expressions with a fixed hour follow the wall clock (cronsim: elapsed clock)",
            expression: "0 30 2 * * *", zone: "Europe/Berlin", start: "2026-03-28T12:00:00Z",
            cronsim: ["2026-03-30T00:30:00Z"], engine: ["2026-03-29T01:00:00Z"]
        ),
        Difference(
            note: "a step in the hour field fires per real hour (cronsim: wall clock unless it starts with *)",
            expression: "0 0-23/2 * * *", zone: "Europe/Berlin", start: "2026-10-24T23:30:00Z",
            cronsim: ["2026-10-25T00:00:00Z", "2026-10-25T03:00:00Z"],
            engine: ["2026-10-25T00:00:00Z", "2026-10-25T01:00:00Z", "2026-10-25T03:00:00Z"]
        ),
        Difference(
            note: "a step in the hour field does not shift out of the gap (cronsim: fires at 03:00)",
            expression: "0 0-23/2 * * *", zone: "Europe/Berlin", start: "2026-03-28T23:30:00Z",
            cronsim: ["2026-03-29T01:00:00Z", "2026-03-29T02:00:00Z"],
            engine: ["2026-03-29T02:00:00Z", "2026-03-29T04:00:00Z"]
        ),
        Difference(
            note: "never an instant at or before the start inside a repeated hour (cronsim returns 02:30 CEST)",
            expression: "30 2 * * *", zone: "Europe/Berlin", start: "2026-10-25T01:15:00Z",
            cronsim: ["2026-10-25T00:30:00Z"], engine: ["2026-10-26T01:30:00Z"]
        ),
        Difference(
            note: "a 30-minute DST shift does not lose 22:20 the next evening (cronsim's hour step drops it)",
            expression: "0 20,52 22 * * *", zone: "Australia/Lord_Howe", start: "2025-10-04T12:22:00Z",
            cronsim: ["2025-10-05T11:52:00Z", "2025-10-06T11:20:00Z"],
            engine: ["2025-10-05T11:20:00Z", "2025-10-05T11:52:00Z"]
        ),
    ]

    @Test func eachDocumentedDifferenceStillHolds() throws {
        let cases = Self.differences.enumerated().map { index, difference in
            CronsimOracle.Case(
                id: index, expression: difference.expression, zone: difference.zone,
                start: Int(TestTime.instant(difference.start).timeIntervalSince1970),
                count: difference.cronsim.count, clock: "native"
            )
        }
        let answers = try CronsimOracle.run(cases)

        for (index, difference) in Self.differences.enumerated() {
            let cronsim = (answers[index]?.instants ?? []).map { TestTime.utc(Date(timeIntervalSince1970: Double($0))) }
            #expect(cronsim == difference.cronsim, "cronsim changed: \(difference.note)")
            let engine = try TestTime.preview(
                difference.expression, from: difference.start, count: difference.engine.count, zone: difference.zone
            )
            #expect(engine == difference.engine, "\(difference.note)")
        }
    }

    @Test func featuresCronsimLacksAreRefusedByIt() throws {
        let lacking = ["0 0 15W * *", "@daily", "@every 15m", "@at 2026-12-24T18:00:00+01:00", "0 0 ? * MON"]
        let cases = lacking.enumerated().map { index, expression in
            CronsimOracle.Case(
                id: index, expression: expression, zone: "UTC", start: 1_767_225_600, count: 1, clock: "native")
        }
        let answers = try CronsimOracle.run(cases)
        for (index, expression) in lacking.enumerated() {
            #expect(answers[index]?.error != nil, "cronsim now accepts \(expression)")
            #expect(throws: Never.self) { try Schedule(parsing: expression) }
        }
    }
}
