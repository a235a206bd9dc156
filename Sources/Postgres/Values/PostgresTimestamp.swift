import Foundation

/// Conversion between `Date` and the text forms of `timestamptz`, without Foundation formatters
/// (which are slow and not safe to share between threads on every platform).
enum PostgresTimestamp {
    /// RFC 3339 UTC with six fractional digits, for example `2024-03-01T12:00:00.250000Z`.
    static func format(_ date: Date) -> String {
        let microseconds = Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
        let (seconds, fraction) = floorDivide(microseconds, 1_000_000)
        let (days, secondOfDay) = floorDivide(seconds, 86_400)

        let (year, month, day) = civilDate(fromDays: days)
        let time = (secondOfDay / 3600, secondOfDay / 60 % 60, secondOfDay % 60)

        return pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2) + "T" + pad(time.0, 2) + ":"
            + pad(time.1, 2) + ":" + pad(time.2, 2) + "." + pad(fraction, 6) + "Z"
    }

    /// Parses ISO output such as `2024-03-01 12:00:00.25+00`, `2024-03-01T12:00:00Z`,
    /// `2024-03-01 14:00:00+02:00` or `2024-03-01 12:00:00` (taken as UTC). Returns nil for
    /// anything else, including `infinity` and BC dates.
    static func parse(_ text: String) -> Date? {
        var scanner = Scanner(Array(text.utf8))
        guard let year = scanner.number(minimumDigits: 4), scanner.take("-"),
            let month = scanner.number(exactDigits: 2), scanner.take("-"),
            let day = scanner.number(exactDigits: 2), (1...12).contains(month), (1...31).contains(day)
        else { return nil }

        var seconds = daysFromCivil(year: year, month: month, day: day) * 86_400
        var microseconds: Int64 = 0
        if scanner.take(" ") || scanner.take("T") {
            guard let time = scanner.timeOfDay() else { return nil }
            seconds += time.seconds
            microseconds = time.microseconds
            guard let offset = scanner.utcOffsetSeconds() else { return nil }
            seconds -= offset
        }
        guard scanner.isAtEnd else { return nil }

        let interval = Double(seconds) + Double(microseconds) / 1_000_000
        return Date(timeIntervalSince1970: interval)
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    private static func floorDivide(_ value: Int64, _ divisor: Int64) -> (Int64, Int64) {
        let remainder = ((value % divisor) + divisor) % divisor
        return ((value - remainder) / divisor, remainder)
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (era arithmetic, 400-year cycles).
    static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = floorDivide(shiftedYear, 400).0
        let yearOfEra = shiftedYear - era * 400

        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// Inverse of `daysFromCivil`.
    static func civilDate(fromDays days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let shifted = days + 719_468
        let era = floorDivide(shifted, 146_097).0
        let dayOfEra = shifted - era * 146_097

        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153

        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

/// A cursor over the ASCII bytes of a timestamp.
private struct Scanner {
    private let bytes: [UInt8]
    private var position = 0

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    var isAtEnd: Bool { position == bytes.count }

    mutating func take(_ character: Unicode.Scalar) -> Bool {
        guard position < bytes.count, bytes[position] == UInt8(ascii: character) else { return false }
        position += 1
        return true
    }

    mutating func number(minimumDigits: Int = 1, maximumDigits: Int = 9) -> Int64? {
        var value: Int64 = 0
        var count = 0
        while position < bytes.count, count < maximumDigits, (48...57).contains(bytes[position]) {
            value = value * 10 + Int64(bytes[position] - 48)
            position += 1
            count += 1
        }
        return count >= minimumDigits ? value : nil
    }

    mutating func number(exactDigits: Int) -> Int64? {
        number(minimumDigits: exactDigits, maximumDigits: exactDigits)
    }

    /// `HH:MM:SS` with an optional fraction of up to nine digits (kept to microseconds).
    mutating func timeOfDay() -> (seconds: Int64, microseconds: Int64)? {
        guard let hour = number(exactDigits: 2), take(":"), let minute = number(exactDigits: 2), take(":"),
            let second = number(exactDigits: 2), hour <= 24, minute < 60, second < 61
        else { return nil }

        var microseconds: Int64 = 0
        if take(".") {
            let start = position
            guard let fraction = number(minimumDigits: 1, maximumDigits: 9) else { return nil }
            let digits = position - start
            microseconds = digits <= 6 ? fraction * power(6 - digits) : fraction / power(digits - 6)
        }
        return (hour * 3600 + minute * 60 + second, microseconds)
    }

    /// `Z`, `±HH`, `±HH:MM`, `±HH:MM:SS`, or nothing (UTC).
    mutating func utcOffsetSeconds() -> Int64? {
        if isAtEnd || take("Z") { return 0 }
        let sign: Int64 = take("+") ? 1 : (take("-") ? -1 : 0)
        guard sign != 0, let hours = number(exactDigits: 2) else { return nil }

        var offset = hours * 3600
        if take(":") {
            guard let minutes = number(exactDigits: 2) else { return nil }
            offset += minutes * 60
        }
        if take(":") {
            guard let seconds = number(exactDigits: 2) else { return nil }
            offset += seconds
        }
        return sign * offset
    }

    private func power(_ exponent: Int) -> Int64 {
        (0..<exponent).reduce(1) { result, _ in result * 10 }
    }
}
