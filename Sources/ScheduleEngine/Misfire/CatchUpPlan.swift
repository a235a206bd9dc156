import Foundation

/// What the dispatcher does with a job whose stored next instant is due: fire some instants now, record the others.
///
/// Lists are bounded by ``listLimit`` each; everything beyond is counted in ``omittedCount`` so one summary record
/// can stand for it. All instants are nominal and ascending.
public struct CatchUpPlan: Sendable, Equatable {
    /// Longest `missed` and `skipped` lists.
    public static let listLimit = 100

    /// Nominal instants to fire now (at most ``MisfireRules/maxCatchUp``).
    public var fire: [Date]
    /// Instants to record in state `missed`: older than the catch-up window, or superseded by the catch-up fire.
    public var missed: [Date]
    /// Instants to record in state `skipped` (policy ``MisfirePolicy/skip``).
    public var skipped: [Date]
    /// How many missed or skipped instants are not listed because of the bound.
    public var omittedCount: Int
    /// The job's next occurrence strictly after `now`; nil when the schedule has ended (a past `@at`).
    public var next: Occurrence?

    /// Creates a plan.
    public init(fire: [Date], missed: [Date], skipped: [Date], omittedCount: Int, next: Occurrence?) {
        self.fire = fire
        self.missed = missed
        self.skipped = skipped
        self.omittedCount = omittedCount
        self.next = next
    }
}
