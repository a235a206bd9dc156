/// The one error type of the schedule engine: a stable code, the offending field, the character offset and a sentence
/// saying what is allowed.
///
/// The description never repeats more than a short token of the input, so it is safe to return to API clients.
public struct ScheduleError: Error, Sendable, CustomStringConvertible, Equatable {
    /// Stable machine-readable codes; API responses carry them unchanged.
    public enum Code: String, Sendable, Codable, CaseIterable {
        /// The text is not a schedule at all: empty, wrong number of cron fields, unknown macro.
        case invalidCron
        /// A cron field holds a token that is not part of the grammar.
        case invalidField
        /// A step of zero (`*/0`).
        case zeroStep
        /// A value or step outside the field's range.
        case outOfRange
        /// A range whose start is after its end (`5-1`).
        case reversedRange
        /// A valid expression that matches no day at all (`30 2 31 2 *`).
        case neverFires
        /// The text is longer than ``Schedule/maximumLength``.
        case tooLong
        /// The duration of `@every` is malformed, too short or too long.
        case invalidDuration
        /// The instant of `@at` (or an instant argument) is malformed or outside the supported years.
        case invalidInstant
        /// The time zone is not a known IANA identifier.
        case invalidTimeZone
        /// No fire exists within ``Schedule/searchHorizonYears`` of the start instant.
        case noFireWithinHorizon
        /// A numeric argument (preview count, misfire rules) is outside its allowed range.
        case invalidArgument
    }

    /// What went wrong, as a stable code.
    public var code: Code
    /// The cron field name (`second`, `minute`, `hour`, `dayOfMonth`, `month`, `dayOfWeek`) or `schedule`,
    /// `timeZone`, `instant`, `count`, `misfireRules`.
    public var field: String?
    /// Zero-based character offset in the trimmed schedule text, when the error points at a token.
    public var position: Int?
    /// A human sentence saying what is wrong and what is allowed.
    public var message: String

    /// Creates an error; `field` and `position` are optional context.
    public init(code: Code, field: String? = nil, position: Int? = nil, message: String) {
        self.code = code
        self.field = field
        self.position = position
        self.message = message
    }

    /// `code` and message, with field and position when known.
    public var description: String {
        var parts = ["ScheduleError.\(code.rawValue)"]
        if let field {
            parts.append("field \(field)")
        }
        if let position {
            parts.append("position \(position)")
        }
        return parts.joined(separator: " ") + ": " + message
    }
}
