import Foundation

/// One row of a `PostgresResult`, holding each column's text output.
///
/// Typed accessors throw `PostgresError(.decoding)` naming the column (never its value) when the
/// column is missing, NULL, or not in the expected text form. When two columns share a name the
/// first one wins.
public struct PostgresRow: Sendable {
    private let columnIndex: [String: Int]
    private let values: [String?]

    init(columnIndex: [String: Int], values: [String?]) {
        self.columnIndex = columnIndex
        self.values = values
    }

    /// The column's raw text, or nil for SQL NULL or an unknown column.
    public subscript(_ column: String) -> String? {
        guard let index = columnIndex[column] else { return nil }
        return values[index]
    }

    /// The column as text. Throws `.decoding` if NULL or missing.
    public func string(_ column: String) throws -> String {
        guard let text = try optionalString(column) else { throw Self.decodingError(column, "is NULL") }
        return text
    }

    /// The column as text, nil for NULL. Throws `.decoding` if missing.
    public func optionalString(_ column: String) throws -> String? {
        guard let index = columnIndex[column] else { throw Self.decodingError(column, "is not in the result") }
        return values[index]
    }

    /// The column as `Int`. Throws `.decoding` if NULL, missing or not an integer.
    public func int(_ column: String) throws -> Int {
        try decode(column, as: "an integer") { Int($0) }
    }

    /// The column as `Int`, nil for NULL. Throws `.decoding` if missing or not an integer.
    public func optionalInt(_ column: String) throws -> Int? {
        try decodeOptional(column, as: "an integer") { Int($0) }
    }

    /// The column as `Int64`. Throws `.decoding` if NULL, missing or not an integer.
    public func int64(_ column: String) throws -> Int64 {
        try decode(column, as: "an integer") { Int64($0) }
    }

    /// The column as `Int64`, nil for NULL. Throws `.decoding` if missing or not an integer.
    public func optionalInt64(_ column: String) throws -> Int64? {
        try decodeOptional(column, as: "an integer") { Int64($0) }
    }

    /// The column as `Double` (accepts `NaN`, `Infinity`, `-Infinity`). Throws `.decoding` on failure.
    public func double(_ column: String) throws -> Double {
        try decode(column, as: "a number") { Double($0) }
    }

    /// The column as `Bool` from the server's `t`/`f` output. Throws `.decoding` on failure.
    public func bool(_ column: String) throws -> Bool {
        try decode(column, as: "a boolean") { text in
            switch text {
            case "t", "true": true
            case "f", "false": false
            default: nil
            }
        }
    }

    /// The column as `Date` from ISO `timestamptz` output. Throws `.decoding` on failure
    /// (including `infinity`).
    public func date(_ column: String) throws -> Date {
        try decode(column, as: "a timestamp") { PostgresTimestamp.parse($0) }
    }

    /// The column as `Date`, nil for NULL. Throws `.decoding` if missing or not a timestamp.
    public func optionalDate(_ column: String) throws -> Date? {
        try decodeOptional(column, as: "a timestamp") { PostgresTimestamp.parse($0) }
    }

    /// The column as `UUID`. Throws `.decoding` if NULL, missing or not a UUID.
    public func uuid(_ column: String) throws -> UUID {
        try decode(column, as: "a UUID") { UUID(uuidString: $0) }
    }

    private func decode<T>(_ column: String, as kind: String, _ parse: (String) -> T?) throws -> T {
        guard let value = try decodeOptional(column, as: kind, parse) else {
            throw Self.decodingError(column, "is NULL")
        }
        return value
    }

    private func decodeOptional<T>(_ column: String, as kind: String, _ parse: (String) -> T?) throws -> T? {
        guard let text = try optionalString(column) else { return nil }
        guard let value = parse(text) else { throw Self.decodingError(column, "is not \(kind)") }
        return value
    }

    private static func decodingError(_ column: String, _ problem: String) -> PostgresError {
        PostgresError(code: .decoding, message: "column \"\(column)\" \(problem)")
    }
}
