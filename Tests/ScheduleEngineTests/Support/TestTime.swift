import Foundation

@testable import ScheduleEngine

/// Helpers for writing instants in tests.
enum TestTime {
    /// Parses an RFC 3339 instant; traps on malformed test data.
    static func instant(_ text: String) -> Date {
        guard let milliseconds = RFC3339.parseMilliseconds(text[...]) else {
            fatalError("bad test instant \(text)")
        }
        return Date(timeIntervalSince1970: Double(milliseconds) / 1000)
    }

    /// `2026-03-29T01:00:00Z` style UTC text of an instant (whole seconds).
    static func utc(_ date: Date) -> String {
        let milliseconds = Int((date.timeIntervalSince1970 * 1000).rounded())
        return RFC3339.format(milliseconds: milliseconds, offset: 0).replacingOccurrences(of: "+00:00", with: "Z")
    }

    static func zone(_ identifier: String) -> ScheduleTimeZone {
        do {
            return try ScheduleTimeZone(identifier: identifier)
        } catch {
            fatalError("zone \(identifier) missing: \(error)")
        }
    }

    /// The next `count` fire instants as UTC text.
    static func preview(
        _ schedule: String, from start: String, count: Int, zone: String = "UTC", policy: DSTPolicy = .shift,
        anchor: String = "2026-01-01T00:00:00Z"
    ) throws -> [String] {
        let occurrences = try Schedule(parsing: schedule).preview(
            from: instant(start), count: count, in: Self.zone(zone), anchor: instant(anchor), dstPolicy: policy
        )
        return occurrences.map { utc($0.instant) }
    }
}
