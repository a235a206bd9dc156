import Foundation
import HTTP
import ScheduleEngine
import Scheduler

/// The user-writable part of a job, validated. Built from a create body, or from a stored job merged with a
/// PATCH body, by the same rules.
struct JobDraft: Sendable {
    var name: String
    var schedule: Schedule
    var timeZone: ScheduleTimeZone
    var dstPolicy: DSTPolicy
    var misfirePolicy: MisfirePolicy
    var catchUpWindowMs: Int64
    var maxCatchUp: Int
    var target: CallbackTarget
    var retry: RetryPolicy
    var priority: Int

    static let fields: Set<String> = [
        "name", "schedule", "timeZone", "dstPolicy", "misfirePolicy", "catchUpWindow", "maxCatchUp", "target",
        "retry", "priority",
    ]
    static let serverFields: Set<String> = [
        "id", "status", "isActive", "nextExecutionAt", "createdAt", "updatedAt", "version", "scheduleKind", "region",
        "warnings",
    ]
    static let methods: Set<String> = ["GET", "POST", "PUT", "PATCH", "DELETE"]

    /// Validates a whole job document.
    ///
    /// - Throws: a 400 problem naming the first offending field.
    init(_ document: JSONValue) throws(Problem) {
        let reader = try FieldReader(document)
        try reader.rejectUnknown(allowed: Self.fields, readOnly: Self.serverFields)
        let defaults = MisfireRules()

        name = try reader.requiredString("name", maximumLength: 200)
        schedule = try Self.schedule(try reader.requiredString("schedule", maximumLength: 1 << 20))
        timeZone = try Self.zone(try reader.string("timeZone", maximumLength: 64) ?? "UTC")
        dstPolicy = try reader.choice("dstPolicy", of: DSTPolicy.self) ?? .shift
        misfirePolicy = try reader.choice("misfirePolicy", of: MisfirePolicy.self) ?? defaults.policy
        catchUpWindowMs = defaults.catchUpWindow.milliseconds
        if let window = try reader.string("catchUpWindow", maximumLength: 32) {
            catchUpWindowMs = try DurationText.milliseconds(
                window, field: "catchUpWindow", range: 0...31_622_400_000)
        }
        maxCatchUp = try reader.integer("maxCatchUp", in: 1...1_000) ?? defaults.maxCatchUp
        target = try Self.target(try reader.object("target"))
        retry = try Self.retry(try reader.object("retry"))
        priority = try reader.integer("priority", in: 0...9) ?? 5
    }

    private static func schedule(_ text: String) throws(Problem) -> Schedule {
        do {
            return try Schedule(parsing: text)
        } catch {
            throw Problem.schedule(error)
        }
    }

    private static func zone(_ identifier: String) throws(Problem) -> ScheduleTimeZone {
        do {
            return try ScheduleTimeZone(identifier: identifier)
        } catch {
            throw Problem.validation("timeZone", "must be an IANA time zone such as \"Europe/Berlin\"")
        }
    }

    private static func target(_ reader: FieldReader?) throws(Problem) -> CallbackTarget {
        guard let reader else { throw Problem.validation("target", "is required") }
        try reader.rejectUnknown(allowed: ["url", "method", "headers", "body", "timeoutMs"])

        let url = try reader.requiredString("url", maximumLength: 2_048)
        guard url.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            throw Problem.validation(
                "target.url", "must be ASCII without spaces or control characters (percent-encode them)")
        }
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
            scheme == "http" || scheme == "https", let host = components.host, !host.isEmpty,
            components.user == nil, components.password == nil
        else { throw Problem.validation("target.url", "must be an absolute http or https URL without credentials") }
        if let port = components.port, !(1...65_535).contains(port) {
            throw Problem.validation("target.url", "has a port outside 1-65535")
        }

        let method = (try reader.string("method", maximumLength: 8) ?? "POST").uppercased()
        guard methods.contains(method) else {
            throw Problem.validation("target.method", "must be one of GET, POST, PUT, PATCH, DELETE")
        }
        let headers = try reader.stringMap("headers", maximumCount: 50) ?? [:]
        try validate(headers: headers)

        return CallbackTarget(
            url: url, method: method, headers: headers,
            body: try reader.string("body", maximumLength: 65_536, allowEmpty: true),
            timeoutMs: try reader.integer("timeoutMs", in: 1...Int64(CallbackTarget.maximumTimeoutMs)) ?? 10_000)
    }

    private static func validate(headers: [String: String]) throws(Problem) {
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) {
            let field = "target.headers.\(name)"
            let lowered = name.lowercased()
            guard !name.isEmpty, name.utf8.count <= 128, name.utf8.allSatisfy(isTokenByte) else {
                throw Problem.validation(field, "is not a valid header name")
            }
            guard !value.utf8.contains(where: { $0 == 10 || $0 == 13 || $0 == 0 }), value.utf8.count <= 4_096 else {
                throw Problem.validation(field, "must be at most 4096 bytes without line breaks or NUL characters")
            }
            if CallbackTarget.reservedHeaderPrefixes.contains(where: { lowered.hasPrefix($0) }) {
                throw Problem.validation(field, "is set by Meridian and cannot be overridden")
            }
        }
    }

    private static func isTokenByte(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
            || Array("!#$%&'*+-.^_`|~".utf8).contains(byte)
    }

    private static func retry(_ reader: FieldReader?) throws(Problem) -> RetryPolicy {
        guard let reader else { return RetryPolicy() }
        try reader.rejectUnknown(allowed: ["maxAttempts", "initialDelayMs", "maxDelayMs", "jitter"])
        let defaults = RetryPolicy()

        let policy = RetryPolicy(
            maxAttempts: try reader.integer("maxAttempts", in: 1...Int64(RetryPolicy.attemptLimit))
                ?? defaults.maxAttempts,
            initialDelayMs: try reader.integer("initialDelayMs", in: 1...3_600_000) ?? defaults.initialDelayMs,
            maxDelayMs: try reader.integer("maxDelayMs", in: 1...86_400_000) ?? defaults.maxDelayMs,
            jitter: try reader.choice("jitter", of: RetryPolicy.Jitter.self) ?? defaults.jitter)
        guard policy.maxDelayMs >= policy.initialDelayMs else {
            throw Problem.validation("retry.maxDelayMs", "must be at least retry.initialDelayMs")
        }
        return policy
    }
}

/// Durations written as `90s`, `15m`, `1h30m`, `2d` or `500ms`.
enum DurationText {
    static let units: [(suffix: String, milliseconds: Int64)] = [
        ("ms", 1), ("s", 1_000), ("m", 60_000), ("h", 3_600_000), ("d", 86_400_000),
    ]

    static func milliseconds(_ text: String, field: String, range: ClosedRange<Int64>) throws(Problem) -> Int64 {
        var rest = Substring(text.trimmingCharacters(in: .whitespaces))
        var total: Int64 = 0
        guard !rest.isEmpty else { throw Problem.validation(field, "must be a duration such as \"1h\" or \"90s\"") }

        while !rest.isEmpty {
            let digits = rest.prefix(while: \.isASCIIDigit)
            rest = rest.dropFirst(digits.count)
            let unit = units.first { rest.hasPrefix($0.suffix) }
            guard let amount = Int64(digits), amount <= 1_000_000, let unit else {
                throw Problem.validation(field, "must be a duration such as \"1h\" or \"90s\"")
            }
            rest = rest.dropFirst(unit.suffix.count)
            total += amount * unit.milliseconds
        }
        guard range.contains(total) else {
            throw Problem.validation(
                field, "must be between \(format(range.lowerBound)) and \(format(range.upperBound))")
        }
        return total
    }

    static func format(_ milliseconds: Int64) -> String {
        var rest = milliseconds
        var text = ""
        for unit in units.reversed() where rest >= unit.milliseconds {
            text += "\(rest / unit.milliseconds)\(unit.suffix)"
            rest %= unit.milliseconds
        }
        return text.isEmpty ? "0s" : text
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
