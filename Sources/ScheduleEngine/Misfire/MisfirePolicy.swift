/// What a job does with instants that passed while nothing could fire them (an outage, a paused shard).
public enum MisfirePolicy: String, Sendable, Codable, CaseIterable {
    /// Default: one catch-up fire for the latest missed instant inside the catch-up window; the rest are `missed`.
    case fireOnce
    /// No catch-up fire; missed instants inside the window are recorded `skipped` (an instant still within
    /// ``MisfireRules/lateTolerance`` is not a misfire and fires normally).
    case skip
    /// Every missed instant inside the window fires, at most ``MisfireRules/maxCatchUp`` (the latest ones).
    case fireAll
}
