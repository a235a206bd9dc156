import Foundation

extension JSONEncoder {
    /// The house encoder: dates as RFC 3339 UTC with milliseconds (`2026-01-02T03:04:05.678Z`), slashes not
    /// escaped, keys sorted so output is stable. Returns a new encoder on each access, so callers may adjust it.
    public static var meridian: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(RFC3339.format(date))
        }
        return encoder
    }
}

extension JSONDecoder {
    /// The house decoder: dates as RFC 3339 with or without fractional seconds, `Z` or a numeric offset.
    /// Returns a new decoder on each access.
    public static var meridian: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = RFC3339.parse(text) else {
                throw DecodingError.dataCorruptedError(
                    in: container, debugDescription: "Expected an RFC 3339 date-time such as 2026-01-02T03:04:05Z.")
            }
            return date
        }
        return decoder
    }
}

/// RFC 3339 date-time text, the only date format on Meridian's wire.
public enum RFC3339 {
    /// Formats `date` in UTC with exactly three fractional digits, rounding to the nearest millisecond.
    public static func format(_ date: Date) -> String {
        let milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded())
        let (days, millisecondOfDay) = milliseconds.floorDividedBy(86_400_000)
        let (year, month, day) = civilDate(daysSinceEpoch: days)

        let hour = millisecondOfDay / 3_600_000
        let minute = millisecondOfDay / 60_000 % 60
        let second = millisecondOfDay / 1000 % 60
        let millisecond = millisecondOfDay % 1000

        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T"
            + "\(pad(hour, 2)):\(pad(minute, 2)):\(pad(second, 2)).\(pad(millisecond, 3))Z"
    }

    /// Parses an RFC 3339 date-time (`T`/`Z` in either case, optional fraction, `Z` or `±hh:mm`); `nil` if invalid.
    public static func parse(_ text: String) -> Date? {
        try? Date.ISO8601FormatStyle().parse(text.uppercased())
    }

    /// Days since 1970-01-01 to a proleptic Gregorian (year, month, day).
    private static func civilDate(daysSinceEpoch: Int64) -> (Int64, Int64, Int64) {
        let shifted = daysSinceEpoch + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365

        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}

extension Int64 {
    /// Quotient rounded toward negative infinity and the matching non-negative remainder.
    fileprivate func floorDividedBy(_ divisor: Int64) -> (Int64, Int64) {
        let remainder = self % divisor
        return remainder < 0 ? (self / divisor - 1, remainder + divisor) : (self / divisor, remainder)
    }
}
