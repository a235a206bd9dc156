import Foundation

/// A parsed schedule: a cron expression (5 fields, or 6 with leading seconds), a cron macro, `@every <duration>`
/// (optionally `align`ed) or `@at <RFC 3339 instant>`. The full grammar and the DST rules are in docs/schedules.md.
///
/// Values are immutable and `Sendable`; every method is pure and safe to call from any thread.
public struct Schedule: Sendable, Hashable {
    /// The three kinds of schedule.
    public enum Kind: String, Sendable, Codable {
        /// A cron expression or macro (`@daily`, …).
        case cron
        /// `@every <duration>`, anchored or aligned.
        case every
        /// `@at <instant>`, one fire.
        case at
    }

    /// Longest accepted input, in UTF-8 bytes before trimming.
    public static let maximumLength = 1_024
    /// How far `next` searches before throwing `noFireWithinHorizon`, in years.
    public static let searchHorizonYears = 50
    /// Earliest instant the engine accepts or returns: 1900-01-01T00:00:00Z.
    public static let earliestInstant = Date(timeIntervalSince1970: -2_208_988_800)
    /// Latest instant the engine accepts or returns: 2400-01-01T00:00:00Z (exclusive).
    public static let latestInstant = Date(timeIntervalSince1970: 13_569_465_600)

    /// How the schedule computes its instants.
    enum Rule: Hashable, Sendable {
        case calendar(CalendarRule)
        case every(EveryRule)
        case at(milliseconds: Int)
    }

    /// The text as given, with surrounding whitespace removed.
    public let text: String
    /// Which kind of schedule this is.
    public let kind: Kind
    /// Notes for the user that do not make the schedule invalid (e.g. Vixie day-of-month OR day-of-week).
    public let warnings: [String]
    let rule: Rule

    /// Parses and validates `text`.
    ///
    /// Rejection is cheap and bounded: inputs over ``maximumLength`` bytes are refused before any other work, and
    /// everything else is linear in the input.
    /// - Throws: ``ScheduleError`` with a stable code, the field, the character offset in the trimmed text and a
    ///   sentence saying what is allowed.
    public init(parsing text: String) throws {
        guard text.utf8.count <= Self.maximumLength else {
            throw ScheduleError(
                code: .tooLong, field: "schedule", position: Self.maximumLength,
                message: "a schedule may be at most \(Self.maximumLength) bytes long"
            )
        }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else {
            throw ScheduleError(code: .invalidCron, field: "schedule", message: "the schedule is empty")
        }
        self.text = trimmed

        guard trimmed.hasPrefix("@") else {
            let expression = try CronExpression(parsing: trimmed)
            (kind, warnings, rule) = (.cron, expression.warnings, .calendar(expression.rule))
            return
        }
        (kind, warnings, rule) = try Self.parseMacro(trimmed)
    }

    private static func parseMacro(_ text: String) throws(ScheduleError) -> (Kind, [String], Rule) {
        let keywordEnd = text.firstIndex(where: { $0 == " " || $0 == "\t" }) ?? text.endIndex
        let keyword = text[..<keywordEnd].lowercased()
        let argument = text[keywordEnd...]
        let argumentPosition = text.distance(from: text.startIndex, to: keywordEnd)

        switch keyword {
        case "@every":
            let (every, isAligned) = try EveryRule.parse(argument, position: argumentPosition)
            guard isAligned else {
                return (.every, [], .every(every))
            }
            let times = TimeOfDayPattern.interval(seconds: every.intervalMilliseconds / 1000)
            let pattern = WallClockPattern(days: .everyDay, times: times)
            return (.every, [], .calendar(CalendarRule(pattern: pattern, usesWallClock: false)))

        case "@at":
            let instantText = argument.trimmingCharacters(in: .whitespaces)
            guard let milliseconds = RFC3339.parseMilliseconds(instantText[...]),
                milliseconds >= earliestMilliseconds, milliseconds < latestMilliseconds
            else {
                throw ScheduleError(
                    code: .invalidInstant, field: "schedule", position: argumentPosition,
                    message: "write @at followed by an RFC 3339 instant with an offset between the years 1900 and "
                        + "2399, e.g. @at 2026-12-24T18:00:00+01:00"
                )
            }
            return (.at, [], .at(milliseconds: milliseconds))

        default:
            guard let expansion = CronExpression.macros[keyword], argument.isEmpty else {
                throw ScheduleError(
                    code: .invalidCron, field: "schedule", position: 0,
                    message: "unknown macro; use @yearly, @annually, @monthly, @weekly, @daily, @midnight, "
                        + "@hourly, @every <duration> or @at <RFC 3339 instant>"
                )
            }
            let expression = try CronExpression(parsing: expansion)
            return (.cron, expression.warnings, .calendar(expression.rule))
        }
    }

    static let earliestMilliseconds = Int(earliestInstant.timeIntervalSince1970) * 1000
    static let latestMilliseconds = Int(latestInstant.timeIntervalSince1970) * 1000
}
