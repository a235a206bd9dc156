import Foundation

/// One entry of the fire ledger: a job's nominal instant and everything that happened to it.
///
/// The API calls it a run. The ledger holds at most one fire per (job, nominal instant).
public struct Fire: Sendable, Hashable {
    /// Where a fire is in its life. Terminal states: succeeded, dead, skipped, missed.
    public enum State: String, Sendable, Codable, CaseIterable {
        /// Recorded, not yet on the delivery queue.
        case pending
        /// On the delivery queue, waiting for its instant or a free worker.
        case queued
        /// An attempt is in flight.
        case delivering
        /// The target answered 2xx.
        case succeeded
        /// The last attempt failed; another is scheduled at `nextAttemptAt`.
        case failed
        /// Every attempt failed.
        case dead
        /// Not fired by the job's misfire policy (`skip`).
        case skipped
        /// Not fired because it was too late (outside the catch-up window or beyond the policy's budget).
        case missed
    }

    /// What caused a fire.
    public enum Trigger: String, Sendable, Codable {
        case schedule, catchUp, manual
    }

    /// The fire's id: `webhook-id` of every attempt, the receiver's idempotency key.
    public var id: UUID
    /// The job that fired.
    public var jobID: UUID
    /// The job's tenant.
    public var tenant: String
    /// The job's home region.
    public var region: String
    /// The job's shard in that region.
    public var shard: Int
    /// Leadership epoch of the shard under which the fire was recorded or queued.
    public var epoch: Int64
    /// The instant the schedule named.
    public var nominalAt: Date
    /// When delivery should start (the nominal instant, or later for a catch-up).
    public var dueAt: Date
    /// Where the fire is in its life.
    public var state: State
    /// What caused it.
    public var trigger: Trigger
    /// Attempts started so far; 0 before the first.
    public var attempt: Int
    /// The job's priority when the fire was recorded.
    public var priority: Int
    /// Why it was fired late, missed or skipped; `nil` for an ordinary fire.
    public var reason: String?
    /// When `failed`: the next attempt's instant. When `delivering`: the end of the attempt's lease.
    public var nextAttemptAt: Date?
    /// When the first attempt was handed to the HTTP client.
    public var startedAt: Date?
    /// When the fire reached a terminal state.
    public var finishedAt: Date?
    /// Status of the last answer, if any.
    public var httpStatus: Int?
    /// Why the last attempt failed, if it did.
    public var error: String?
    /// Milliseconds from the nominal instant to the start of the first attempt.
    public var latenessMs: Double?
}
