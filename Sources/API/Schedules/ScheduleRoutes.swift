import Foundation
import HTTP
import ScheduleEngine

/// `GET /v1/schedules/preview?schedule=…&timeZone=…&from=…&count=N`: the next instants of a schedule, in UTC
/// and local time, with those moved by a DST rule marked.
struct ScheduleRoutes: Sendable {
    let authenticator: Authenticator

    /// Instants returned when `count` is absent, and the most accepted.
    static let defaultCount = 10
    static let maximumCount = 500

    func register(on router: inout Router) {
        router.add("GET", "/v1/schedules/preview", authenticator.require { request, _ in try preview(request) })
    }

    /// One previewed instant.
    struct Instant: Encodable {
        var utc: String
        var local: String
        var isShifted: Bool
        @Nullable var shiftReason: String?
    }

    struct Preview: Encodable {
        var schedule: String
        var scheduleKind: String
        var timeZone: String
        var dstPolicy: String
        var from: String
        var items: [Instant]
        var warnings: [String]
    }

    private func preview(_ request: HTTPRequest) throws -> HTTPResponse {
        guard let text = request.query["schedule"], !text.isEmpty else {
            throw Problem.validation("schedule", "is required")
        }
        let schedule: Schedule
        do {
            schedule = try Schedule(parsing: text)
        } catch {
            throw Problem.validation("schedule", String(describing: error))
        }
        let zone = try Self.zone(request.query["timeZone"] ?? "UTC")
        let dstPolicy = try Self.dstPolicy(request.query["dstPolicy"])
        let from = try Self.instant(request.query["from"])
        let count = try Self.count(request.query["count"])

        let occurrences: [Occurrence]
        do {
            occurrences = try schedule.preview(from: from, count: count, in: zone, anchor: from, dstPolicy: dstPolicy)
        } catch {
            throw Problem.validation("schedule", String(describing: error))
        }
        let items = occurrences.map {
            Instant(utc: RFC3339.format($0.instant), local: $0.localTime, isShifted: $0.isShifted, shiftReason: $0.shiftReason)
        }
        return .json(
            Preview(
                schedule: schedule.text, scheduleKind: schedule.kind.rawValue, timeZone: zone.identifier,
                dstPolicy: dstPolicy.rawValue, from: RFC3339.format(from), items: items, warnings: schedule.warnings))
    }

    static func zone(_ identifier: String) throws -> ScheduleTimeZone {
        do {
            return try ScheduleTimeZone(identifier: identifier)
        } catch {
            throw Problem.validation("timeZone", "must be an IANA time zone such as \"Europe/Berlin\"")
        }
    }

    static func dstPolicy(_ text: String?) throws -> DSTPolicy {
        guard let text else { return .shift }
        guard let policy = DSTPolicy(rawValue: text) else {
            throw Problem.validation("dstPolicy", "must be one of \"shift\", \"skip\"")
        }
        return policy
    }

    static func instant(_ text: String?) throws -> Date {
        guard let text else { return Date() }
        guard let instant = RFC3339.parse(text) else {
            throw Problem.validation("from", "must be an RFC 3339 instant such as 2026-03-29T00:00:00Z")
        }
        return instant
    }

    static func count(_ text: String?) throws -> Int {
        guard let text else { return defaultCount }
        guard let count = Int(text), (1...maximumCount).contains(count) else {
            throw Problem.validation("count", "must be an integer between 1 and \(maximumCount)")
        }
        return count
    }
}
