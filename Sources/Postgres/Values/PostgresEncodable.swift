import Foundation

/// A value that can be sent as a text-format query parameter.
///
/// The server parses `postgresText` with the input function of the parameter's inferred type, so
/// the text must be that type's canonical input form. Text containing a NUL byte is rejected by
/// `PostgresConnection.query` because libpq could not transmit it intact.
public protocol PostgresEncodable {
    /// The parameter in Postgres text input format.
    var postgresText: String { get }
}

extension String: PostgresEncodable {
    /// The string itself.
    public var postgresText: String { self }
}

extension Int: PostgresEncodable {
    /// Decimal digits with an optional leading minus.
    public var postgresText: String { String(self) }
}

extension Int32: PostgresEncodable {
    /// Decimal digits with an optional leading minus.
    public var postgresText: String { String(self) }
}

extension Int64: PostgresEncodable {
    /// Decimal digits with an optional leading minus.
    public var postgresText: String { String(self) }
}

extension Double: PostgresEncodable {
    /// Shortest round-tripping decimal; `NaN`, `Infinity` and `-Infinity` for the special values.
    public var postgresText: String {
        if isNaN { return "NaN" }
        if isInfinite { return self < 0 ? "-Infinity" : "Infinity" }
        return description
    }
}

extension Bool: PostgresEncodable {
    /// `true` or `false`.
    public var postgresText: String { self ? "true" : "false" }
}

extension Date: PostgresEncodable {
    /// RFC 3339 in UTC with microseconds, for example `2024-03-01T12:00:00.250000Z`.
    public var postgresText: String { PostgresTimestamp.format(self) }
}

extension UUID: PostgresEncodable {
    /// Lowercase hyphenated form.
    public var postgresText: String { uuidString.lowercased() }
}

extension Array: PostgresEncodable where Element: PostgresArrayElement {
    /// Array literal such as `{1,2,3}` or `{"a","b \"c\""}`; `{}` when empty.
    public var postgresText: String {
        "{" + map(\.postgresArrayElementText).joined(separator: ",") + "}"
    }
}

/// An element type allowed inside an array parameter (`[Int]`, `[Int64]`, `[String]`).
public protocol PostgresArrayElement {
    /// The element as it appears inside an array literal, quoted where needed.
    var postgresArrayElementText: String { get }
}

extension Int: PostgresArrayElement {
    /// Decimal digits; never needs quoting.
    public var postgresArrayElementText: String { String(self) }
}

extension Int64: PostgresArrayElement {
    /// Decimal digits; never needs quoting.
    public var postgresArrayElementText: String { String(self) }
}

extension String: PostgresArrayElement {
    /// Always double-quoted with `\` and `"` escaped, so commas, braces, spaces and the word
    /// `NULL` stay literal text.
    public var postgresArrayElementText: String {
        var quoted = "\""
        for character in unicodeScalars {
            if character == "\\" || character == "\"" { quoted.unicodeScalars.append("\\") }
            quoted.unicodeScalars.append(character)
        }
        return quoted + "\""
    }
}
