import Foundation
import HTTP
import ScheduleEngine
import Scheduler

/// A job as the API shows it (camelCase JSON).
struct JobResource: Encodable {
    struct Target: Encodable {
        var url: String
        var method: String
        var headers: [String: String]
        @Nullable var body: String?
        var timeoutMs: Int
    }

    struct Retry: Encodable {
        var maxAttempts: Int
        var initialDelayMs: Int
        var maxDelayMs: Int
        var jitter: String
    }

    var id: String
    var name: String
    var schedule: String
    var scheduleKind: String
    var timeZone: String
    var dstPolicy: String
    var misfirePolicy: String
    var catchUpWindow: String
    var maxCatchUp: Int
    var target: Target
    var retry: Retry
    var priority: Int
    var region: String
    var status: String
    var isActive: Bool
    @Nullable var nextExecutionAt: String?
    var createdAt: String
    var updatedAt: String
    var version: Int64
    var warnings: [String]

    /// The job as shown; `warnings` are the schedule's (Vixie day-field semantics, …), on every read.
    init(_ job: Job) {
        id = job.id.uuidString.lowercased()
        name = job.name
        schedule = job.schedule
        scheduleKind = job.scheduleKind
        timeZone = job.timeZone
        dstPolicy = job.dstPolicy
        misfirePolicy = job.misfirePolicy
        catchUpWindow = DurationText.format(job.catchUpWindowMs)
        maxCatchUp = job.maxCatchUp
        target = Target(
            url: job.target.url, method: job.target.method, headers: job.target.headers, body: job.target.body,
            timeoutMs: job.target.timeoutMs)
        retry = Retry(
            maxAttempts: job.retry.maxAttempts, initialDelayMs: job.retry.initialDelayMs,
            maxDelayMs: job.retry.maxDelayMs, jitter: job.retry.jitter.rawValue)
        priority = job.priority
        region = job.homeRegion
        status = job.status.rawValue
        isActive = job.isActive
        nextExecutionAt = job.nextExecutionAt.map(RFC3339.format)
        createdAt = RFC3339.format(job.createdAt)
        updatedAt = RFC3339.format(job.updatedAt)
        version = job.version
        warnings = (try? Schedule(parsing: job.schedule))?.warnings ?? []
    }

    /// The writable fields as a JSON document, the base a PATCH merges into.
    static func writableDocument(_ job: Job) -> JSONValue {
        var target: [String: JSONValue] = [
            "url": .string(job.target.url), "method": .string(job.target.method),
            "headers": .object(job.target.headers.mapValues { .string($0) }),
            "timeoutMs": .integer(Int64(job.target.timeoutMs)),
        ]
        if let body = job.target.body { target["body"] = .string(body) }

        return .object([
            "name": .string(job.name), "schedule": .string(job.schedule), "timeZone": .string(job.timeZone),
            "dstPolicy": .string(job.dstPolicy), "misfirePolicy": .string(job.misfirePolicy),
            "catchUpWindow": .string(DurationText.format(job.catchUpWindowMs)),
            "maxCatchUp": .integer(Int64(job.maxCatchUp)), "target": .object(target),
            "retry": .object([
                "maxAttempts": .integer(Int64(job.retry.maxAttempts)),
                "initialDelayMs": .integer(Int64(job.retry.initialDelayMs)),
                "maxDelayMs": .integer(Int64(job.retry.maxDelayMs)), "jitter": .string(job.retry.jitter.rawValue),
            ]),
            "priority": .integer(Int64(job.priority)),
        ])
    }
}

/// A run (one ledger fire) as the API shows it.
struct RunResource: Encodable {
    var id: String
    var jobId: String
    var scheduledAt: String
    var dueAt: String
    var state: String
    var trigger: String
    var attempt: Int
    @Nullable var startedAt: String?
    @Nullable var finishedAt: String?
    @Nullable var nextAttemptAt: String?
    @Nullable var httpStatus: Int?
    @Nullable var latenessMs: Double?
    @Nullable var error: String?
    @Nullable var reason: String?

    init(_ fire: Fire) {
        id = fire.id.uuidString.lowercased()
        jobId = fire.jobID.uuidString.lowercased()
        scheduledAt = RFC3339.format(fire.nominalAt)
        dueAt = RFC3339.format(fire.dueAt)
        state = fire.state.rawValue
        trigger = fire.trigger.rawValue
        attempt = fire.attempt
        startedAt = fire.startedAt.map(RFC3339.format)
        finishedAt = fire.finishedAt.map(RFC3339.format)
        nextAttemptAt = fire.state == .failed ? fire.nextAttemptAt.map(RFC3339.format) : nil
        httpStatus = fire.httpStatus
        latenessMs = fire.latenessMs.map { ($0 * 1000).rounded() / 1000 }
        error = fire.error
        reason = fire.reason
    }
}

/// One page of a list: `{items, nextCursor}`.
struct Page<Item: Encodable>: Encodable {
    var items: [Item]
    @Nullable var nextCursor: String?
}
