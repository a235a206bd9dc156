import Foundation

/// Encodes a flat string dictionary as one JSON object with keys in a stable order.
enum JSONLine {
    /// Keys written first, in this order; the rest follow sorted.
    static let leadingKeys = ["ts", "level", "logger", "msg"]

    static func encode(_ fields: [String: String]) -> String {
        var output = "{"
        var isFirst = true
        let rest = fields.keys.filter { !leadingKeys.contains($0) }.sorted()

        for key in leadingKeys.filter({ fields[$0] != nil }) + rest {
            if !isFirst { output += "," }
            isFirst = false
            output += quote(key) + ":" + quote(fields[key]!)
        }
        return output + "}"
    }

    /// Quotes `text` as a JSON string, escaping quotes, backslashes and control characters.
    static func quote(_ text: String) -> String {
        var output = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case _ where scalar.value < 0x20:
                output += String(format: "\\u%04x", scalar.value)
            default: output.unicodeScalars.append(scalar)
            }
        }
        return output + "\""
    }
}

/// RFC 3339 timestamps with milliseconds in UTC.
public enum LogTimestamp {
    /// Formats `date` as `2026-01-02T03:04:05.678Z`.
    public static func format(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        let milliseconds = Int((date.timeIntervalSince1970 - Double(seconds)) * 1000)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
            parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday, parts.tm_hour, parts.tm_min, parts.tm_sec,
            milliseconds)
    }
}
