import Foundation
import Testing

@testable import ScheduleEngine

/// Every rejection names its code, field and position and says what is allowed.
@Suite struct ScheduleErrorTests {
    struct ErrorCase: CustomTestStringConvertible, Sendable {
        var text: String
        var code: ScheduleError.Code
        var field: String?
        var position: Int?

        init(_ text: String, _ code: ScheduleError.Code, _ field: String?, _ position: Int?) {
            (self.text, self.code, self.field, self.position) = (text, code, field, position)
        }

        var testDescription: String { "'\(text.prefix(40))' → \(code.rawValue)" }
    }

    static let cronCases: [ErrorCase] = [
        ErrorCase("", .invalidCron, "schedule", nil),
        ErrorCase("* * * *", .invalidCron, "schedule", nil),
        ErrorCase("* * * * * * *", .invalidCron, "schedule", 12),
        ErrorCase("*/0 * * * *", .zeroStep, "minute", 2),
        ErrorCase("0 0/0 * * *", .zeroStep, "hour", 4),
        ErrorCase("60 * * * *", .outOfRange, "minute", 0),
        ErrorCase("* 24 * * *", .outOfRange, "hour", 2),
        ErrorCase("* * 0 * *", .outOfRange, "dayOfMonth", 4),
        ErrorCase("* * * 13 *", .outOfRange, "month", 6),
        ErrorCase("* * * * 8", .outOfRange, "dayOfWeek", 8),
        ErrorCase("60 * * * * *", .outOfRange, "second", 0),
        ErrorCase("*/61 * * * *", .outOfRange, "minute", 2),
        ErrorCase("12345 * * * *", .outOfRange, "minute", 0),
        ErrorCase("* * * * 5#6", .outOfRange, "dayOfWeek", 10),
        ErrorCase("0 0 32W * *", .outOfRange, "dayOfMonth", 4),
        ErrorCase("5-1 * * * *", .reversedRange, "minute", 0),
        ErrorCase("* * * * FRI-MON", .reversedRange, "dayOfWeek", 8),
        ErrorCase("30 2 31 2 *", .neverFires, "dayOfMonth", nil),
        ErrorCase("0 0 30 2 *", .neverFires, "dayOfMonth", nil),
        ErrorCase("0 0 31 4,6,9,11 *", .neverFires, "dayOfMonth", nil),
        ErrorCase("abc * * * *", .invalidField, "minute", 0),
        ErrorCase("1,,2 * * * *", .invalidField, "minute", 2),
        ErrorCase("1-2-3 * * * *", .invalidField, "minute", 2),
        ErrorCase("* * * FOO *", .invalidField, "month", 6),
        ErrorCase("L * * * *", .invalidField, "minute", 0),
        ErrorCase("? * * * *", .invalidField, "minute", 0),
        ErrorCase("* * * * L", .invalidField, "dayOfWeek", 8),
        ErrorCase("0 0 * * */", .invalidField, "dayOfWeek", 10),
        ErrorCase("0 0 * * *é", .invalidCron, "schedule", 9),
        ErrorCase("@reboot", .invalidCron, "schedule", 0),
        ErrorCase("@daily 5", .invalidCron, "schedule", 0),
        ErrorCase(String(repeating: "1,", count: 600) + "1 * * * *", .tooLong, "schedule", 1024),
    ]

    static let macroCases: [ErrorCase] = [
        ErrorCase("@every", .invalidDuration, "schedule", 6),
        ErrorCase("@every 0s", .invalidDuration, "schedule", 7),
        ErrorCase("@every 500ms", .invalidDuration, "schedule", 7),
        ErrorCase("@every 1x", .invalidDuration, "schedule", 7),
        ErrorCase("@every 30m1h", .invalidDuration, "schedule", 10),
        ErrorCase("@every 367d", .invalidDuration, "schedule", 7),
        ErrorCase("@every 7h align", .invalidDuration, "schedule", 7),
        ErrorCase("@every 1h sideways", .invalidDuration, "schedule", 10),
        ErrorCase("@at 2026-12-24T18:00:00", .invalidInstant, "schedule", 3),
        ErrorCase("@at 2026-02-30T00:00:00Z", .invalidInstant, "schedule", 3),
        ErrorCase("@at 2500-01-01T00:00:00Z", .invalidInstant, "schedule", 3),
        ErrorCase("@at yesterday", .invalidInstant, "schedule", 3),
    ]

    @Test(arguments: cronCases + macroCases)
    func rejectsWithCodeFieldAndPosition(_ row: ErrorCase) {
        #expect {
            _ = try Schedule(parsing: row.text)
        } throws: { error in
            guard let error = error as? ScheduleError else { return false }
            return error.code == row.code && error.field == row.field && error.position == row.position
                && !error.message.isEmpty
        }
    }

    @Test func fieldErrorsSayWhatIsAllowed() throws {
        let error = try #require(throws: ScheduleError.self) { try Schedule(parsing: "0 0 * * 9") }
        #expect(error.message.contains("Allowed: 0–7 or SUN–SAT"))
        #expect(error.description.hasPrefix("ScheduleError.outOfRange field dayOfWeek position 8:"))
    }

    @Test(arguments: [
        "Mars/Olympus", "../etc/passwd", "Europe/../../etc/passwd", "", "posix/Europe/Berlin",
        "zone.tab", "Europe//Berlin", "/etc/passwd", "Europe/Berlin\n",
    ])
    func unknownTimeZonesAreRejected(_ identifier: String) throws {
        let error = try #require(throws: ScheduleError.self) { try ScheduleTimeZone(identifier: identifier) }
        #expect(error.code == .invalidTimeZone && error.field == "timeZone")
        #expect(!error.message.contains("\n") && error.message.contains("IANA"))
    }

    @Test func aScheduleThatOnlyHitsGapsThrowsNoFireWithinHorizonWithSkip() throws {
        let schedule = try Schedule(parsing: "30 2 * 3 0L")
        #expect(throws: ScheduleError.self) {
            _ = try schedule.next(
                after: TestTime.instant("2026-01-01T00:00:00Z"), in: TestTime.zone("Europe/Berlin"),
                anchor: TestTime.instant("2026-01-01T00:00:00Z"), dstPolicy: .skip
            )
        }
        let error = try #require(throws: ScheduleError.self) {
            _ = try schedule.next(
                after: TestTime.instant("2026-01-01T00:00:00Z"), in: TestTime.zone("Europe/Berlin"),
                anchor: TestTime.instant("2026-01-01T00:00:00Z"), dstPolicy: .skip
            )
        }
        #expect(error.code == .noFireWithinHorizon)
    }

    @Test func instantsOutsideTheSupportedYearsAreRejected() throws {
        let schedule = try Schedule(parsing: "@hourly")
        let error = try #require(throws: ScheduleError.self) {
            _ = try schedule.next(after: .distantFuture, in: .utc, anchor: .distantPast)
        }
        #expect(error.code == .invalidInstant && error.field == "instant")
        let countError = try #require(throws: ScheduleError.self) {
            _ = try schedule.preview(from: Date(), count: 1_001, in: .utc, anchor: Date())
        }
        #expect(countError.code == .invalidArgument && countError.field == "count")
    }

    @Test func hostileInputsAreRejectedWithinAMillisecondEach() throws {
        let inputs = [
            String(repeating: "x", count: 20_000), String(repeating: "1,", count: 511) + "1 * * * *",
            String(repeating: "*/1,", count: 200) + "* * * * *", "@every " + String(repeating: "9", count: 900) + "s",
            String(repeating: " ", count: 1_000) + "*", "0 0 " + String(repeating: "1-31/1,", count: 140) + "32 * *",
            "@at " + String(repeating: "2", count: 1_000),
        ]
        let clock = ContinuousClock()
        for input in inputs {
            let best = (0..<5).map { _ in clock.measure { _ = try? Schedule(parsing: input) } }.min()!
            #expect(best < .milliseconds(1), "'\(input.prefix(20))…' took \(best)")
        }
    }
}
