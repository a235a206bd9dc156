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

    public var id: UUID
    public var jobID: UUID
    public var tenant: String
    public var region: String
    public var shard: Int
    public var epoch: Int64
    /// The instant the schedule named.
    public var nominalAt: Date
    /// When delivery should start (the nominal instant, or later for a catch-up).
    public var dueAt: Date
    public var state: State
    public var trigger: Trigger
    public var attempt: Int
    public var priority: Int
    public var reason: String?
    public var nextAttemptAt: Date?
    public var startedAt: Date?
    public var finishedAt: Date?
    public var httpStatus: Int?
    public var error: String?
    /// Milliseconds from the nominal instant to the start of the first attempt.
    public var latenessMs: Double?
}
