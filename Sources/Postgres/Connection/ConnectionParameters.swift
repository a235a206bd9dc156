import CLibPQ
import Foundation

/// The keyword/value pairs handed to `PQconnectdbParams`, and the secrets to scrub from libpq messages.
struct ConnectionParameters {
    private(set) var keywords: [String] = []
    private(set) var values: [String] = []

    /// Defaults from the configuration come first, then the connection string (expanded by libpq),
    /// so anything written in the connection string overrides the defaults — except the application name, which
    /// comes last: leadership takeover identifies a node's sessions by it, so a URL must not change it.
    init(_ configuration: PostgresConfiguration) {
        append("connect_timeout", String(configuration.connectTimeout.roundedUpSeconds))
        append("client_encoding", "UTF8")

        append("keepalives", "1")
        append("keepalives_idle", String(configuration.keepaliveIdle.roundedUpSeconds))
        append("keepalives_interval", String(configuration.keepaliveInterval.roundedUpSeconds))
        append("keepalives_count", String(max(1, configuration.keepaliveCount)))

        append("dbname", configuration.connectionString)
        append("application_name", configuration.applicationName)
    }

    private mutating func append(_ keyword: String, _ value: String) {
        keywords.append(keyword)
        values.append(value)
    }

    /// Calls `body` with NULL-terminated C arrays of keywords and values, valid only during the call.
    func withCArrays<T>(
        _ body: (UnsafePointer<UnsafePointer<CChar>?>?, UnsafePointer<UnsafePointer<CChar>?>?) -> T
    ) -> T {
        withCStringArray(keywords + [nil]) { keywordPointers in
            withCStringArray(values + [nil]) { valuePointers in
                body(keywordPointers, valuePointers)
            }
        }
    }

    /// Replaces every password found in `connectionString` (conninfo `password=` or URI user info)
    /// inside `message` with `***`, then trims it to one line per libpq message line.
    static func redact(_ message: String, connectionString: String) -> String {
        var redacted = message
        for secret in passwords(in: connectionString) where !secret.isEmpty {
            redacted = redacted.replacingOccurrences(of: secret, with: "***")
        }

        let lines = redacted.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
        return lines.filter { !$0.isEmpty }.joined(separator: "; ")
    }

    private static func passwords(in connectionString: String) -> [String] {
        var found: [String] = []
        var errorMessage: UnsafeMutablePointer<CChar>?
        if let options = PQconninfoParse(connectionString, &errorMessage) {
            var option = options
            while let keyword = option.pointee.keyword {
                if String(cString: keyword) == "password", let value = option.pointee.val {
                    found.append(String(cString: value))
                }
                option += 1
            }
            PQconninfoFree(options)
        }
        if let errorMessage { PQfreemem(errorMessage) }

        found.append(contentsOf: uriPassword(in: connectionString))
        return found
    }

    /// The raw and percent-decoded password of `scheme://user:password@host`, if any.
    private static func uriPassword(in connectionString: String) -> [String] {
        guard let schemeEnd = connectionString.range(of: "://") else { return [] }
        let rest = connectionString[schemeEnd.upperBound...]
        guard let at = rest.lastIndex(of: "@") else { return [] }

        let userInfo = rest[..<at]
        guard let colon = userInfo.firstIndex(of: ":") else { return [] }
        let raw = String(userInfo[userInfo.index(after: colon)...])
        return [raw, raw.removingPercentEncoding].compactMap { $0 }
    }
}

/// Calls `body` with C copies of `strings` (nil stays NULL); the copies are freed afterwards.
/// The pointer is nil when `strings` is empty.
func withCStringArray<T>(_ strings: [String?], _ body: (UnsafePointer<UnsafePointer<CChar>?>?) -> T) -> T {
    let copies: [UnsafeMutablePointer<CChar>?] = strings.map { $0.flatMap { strdup($0) } }
    defer { copies.forEach { free($0) } }

    let pointers = copies.map { $0.map { UnsafePointer($0) } }
    return pointers.withUnsafeBufferPointer { buffer in body(buffer.baseAddress) }
}
