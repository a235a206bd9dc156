import Foundation
import Synchronization

/// An IANA time zone read from the system's compiled zone files (`/usr/share/zoneinfo`), with its own gap and
/// overlap handling.
///
/// Loaded zones are cached for the life of the process; values are cheap to copy and safe to share across threads.
public struct ScheduleTimeZone: Sendable, Hashable {
    /// The folder holding compiled zone files.
    public static let zoneInfoDirectory = "/usr/share/zoneinfo"

    /// Coordinated Universal Time; needs no zone file.
    public static let utc = ScheduleTimeZone(identifier: "UTC", timeline: ZoneTimeline(fixedOffset: 0))

    /// The IANA identifier as given, e.g. `Europe/Berlin`.
    public var identifier: String { storedIdentifier }

    private let storedIdentifier: String
    let timeline: ZoneTimeline

    /// Loads (or takes from the cache) the zone named `identifier`.
    ///
    /// Accepts `UTC` and any TZif file below ``zoneInfoDirectory`` named by 1–255 characters of letters, digits,
    /// `_`, `-`, `+` and `/` (no empty, `.` or `..` components; the `posix/` and `right/` trees are refused).
    /// - Throws: ``ScheduleError`` with code `invalidTimeZone` and field `timeZone`.
    public init(identifier: String) throws {
        if identifier == "UTC" {
            self = .utc
            return
        }
        self.init(identifier: identifier, timeline: try ZoneCache.shared.timeline(for: identifier))
    }

    private init(identifier: String, timeline: ZoneTimeline) {
        self.storedIdentifier = identifier
        self.timeline = timeline
    }

    /// Zones are equal when their identifiers are.
    public static func == (lhs: ScheduleTimeZone, rhs: ScheduleTimeZone) -> Bool {
        lhs.storedIdentifier == rhs.storedIdentifier
    }

    /// Hashes the identifier.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(storedIdentifier)
    }
}

/// Process-wide cache of loaded zones, keyed by identifier.
// TODO(#3): zones stay cached for the life of the process, so a tzdata upgrade takes effect only after a restart;
// reload when the file changes if operators need rule updates without restarts.
final class ZoneCache: Sendable {
    static let shared = ZoneCache()

    private let timelines = Mutex<[String: ZoneTimeline]>([:])

    func timeline(for identifier: String) throws(ScheduleError) -> ZoneTimeline {
        if let cached = timelines.withLock({ $0[identifier] }) {
            return cached
        }
        guard Self.isWellFormed(identifier),
            let data = FileManager.default.contents(atPath: ScheduleTimeZone.zoneInfoDirectory + "/" + identifier),
            data.count <= 1 << 20,
            let timeline = try? TZifReader.timeline(from: [UInt8](data))
        else {
            throw Self.unknown(identifier)
        }
        return timelines.withLock { cache in
            if let existing = cache[identifier] {
                return existing
            }
            cache[identifier] = timeline
            return timeline
        }
    }

    private static func isWellFormed(_ identifier: String) -> Bool {
        let allowed = identifier.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"), UInt8(ascii: "+"),
                UInt8(ascii: "/"):
                return true
            default:
                return false
            }
        }
        let components = identifier.split(separator: "/", omittingEmptySubsequences: false)
        let hasBadComponent = components.contains { $0.isEmpty || $0.hasPrefix("-") }
        let isForbiddenTree = identifier.hasPrefix("posix/") || identifier.hasPrefix("right/")
        return allowed && !hasBadComponent && !isForbiddenTree && (1...255).contains(identifier.utf8.count)
    }

    private static func unknown(_ identifier: String) -> ScheduleError {
        let shown = identifier.count <= 64 && isWellFormed(identifier) ? "'\(identifier)'" : "the given name"
        return ScheduleError(
            code: .invalidTimeZone, field: "timeZone",
            message: "\(shown) is not a known IANA time zone; use a name such as 'Europe/Berlin' or 'UTC'."
        )
    }
}
