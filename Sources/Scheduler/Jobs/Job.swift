import Foundation

/// A registered job: what to call, when, and how to retry. Stored in the `jobs` table.
public struct Job: Sendable, Hashable {
    /// Lifecycle of a job as the API shows it.
    public enum Status: String, Sendable, Codable, CaseIterable {
        /// Firing on schedule.
        case active
        /// Stopped by the user; instants during the pause are not fired.
        case paused
        /// A one-shot job that has fired, or a schedule with no instant left.
        case completed
    }

    /// Assigned by the API at creation.
    public var id: UUID
    /// Owner: the tenant of the token that created it.
    public var tenant: String
    /// Free text, 1–200 bytes.
    public var name: String

    /// The schedule text as the user wrote it (`*/5 * * * *`, `@every 10s`, `@at 2026-…`).
    public var schedule: String

    /// `cron`, `every` or `at`, derived from ``schedule``.
    public var scheduleKind: String

    /// IANA time zone the schedule is read in.
    public var timeZone: String

    /// `shift` (default) or `skip`, for wall times that fall in a spring-forward gap.
    public var dstPolicy: String

    /// `fireOnce` (default), `skip` or `fireAll`.
    public var misfirePolicy: String

    /// Missed instants older than this are recorded but never fired, in milliseconds.
    public var catchUpWindowMs: Int64

    /// Most catch-up fires for `fireAll`.
    public var maxCatchUp: Int

    /// Origin of `@every` intervals: the job's creation instant.
    public var anchorAt: Date

    /// Where each fire is delivered.
    public var target: CallbackTarget
    /// How failed deliveries are retried.
    public var retry: RetryPolicy

    /// 0 (lowest) to 9 (highest); among fires due at the same instant, higher goes first. Default 5.
    public var priority: Int

    /// Region whose shards hold the job.
    public var homeRegion: String

    /// Shard within ``homeRegion``, from the job id.
    public var shard: Int

    /// Whether the dispatcher considers the job (false when paused or completed).
    public var isActive: Bool
    /// Lifecycle as the API shows it.
    public var status: Status

    /// Nominal instant of the next fire; `nil` when none remains.
    public var nextExecutionAt: Date?

    /// Incremented by every change; the API's ETag.
    public var version: Int64

    /// Creation instant (the database's clock, to the millisecond).
    public var createdAt: Date
    /// Last change through the API.
    public var updatedAt: Date

    /// Creates a job value; every field is given, as the store and the API build complete jobs.
    public init(
        id: UUID, tenant: String, name: String, schedule: String, scheduleKind: String, timeZone: String,
        dstPolicy: String, misfirePolicy: String, catchUpWindowMs: Int64, maxCatchUp: Int, anchorAt: Date,
        target: CallbackTarget, retry: RetryPolicy, priority: Int, homeRegion: String, shard: Int, isActive: Bool,
        status: Status, nextExecutionAt: Date?, version: Int64, createdAt: Date, updatedAt: Date
    ) {
        (self.id, self.tenant, self.name, self.schedule, self.scheduleKind) = (id, tenant, name, schedule, scheduleKind)
        (self.timeZone, self.dstPolicy, self.misfirePolicy) = (timeZone, dstPolicy, misfirePolicy)
        (self.catchUpWindowMs, self.maxCatchUp, self.anchorAt) = (catchUpWindowMs, maxCatchUp, anchorAt)
        (self.target, self.retry, self.priority) = (target, retry, priority)
        (self.homeRegion, self.shard, self.isActive, self.status) = (homeRegion, shard, isActive, status)
        (self.nextExecutionAt, self.version, self.createdAt, self.updatedAt) = (
            nextExecutionAt, version, createdAt, updatedAt
        )
    }
}

/// Where and how a job's callback is delivered.
public struct CallbackTarget: Sendable, Codable, Hashable {
    /// Absolute http or https URL.
    public var url: String

    /// HTTP method, uppercase. Default POST.
    public var method: String = "POST"

    /// Extra request headers. Names Meridian sets itself (`webhook-*`, `meridian-*`, `traceparent`) are refused.
    public var headers: [String: String] = [:]

    /// Request body sent verbatim; when absent a JSON envelope describing the fire is sent.
    public var body: String?

    /// Total time allowed for one attempt, in milliseconds. Default 10,000.
    public var timeoutMs: Int = 10_000

    public init(
        url: String, method: String = "POST", headers: [String: String] = [:], body: String? = nil,
        timeoutMs: Int = 10_000
    ) {
        self.url = url
        self.method = method
        self.headers = headers
        self.body = body
        self.timeoutMs = timeoutMs
    }
}
