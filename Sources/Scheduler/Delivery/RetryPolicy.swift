/// How a failed delivery is retried: exponential backoff with jitter, bounded attempts.
///
/// The delay before attempt `n + 1` is drawn from the window `[0, min(maximumDelay, initialDelay · 2^(n-1))]`
/// (full jitter, the default), from its upper half (equal jitter) or is the window's top (no jitter).
public struct RetryPolicy: Sendable, Codable, Hashable {
    /// How much of the backoff window is randomized.
    public enum Jitter: String, Sendable, Codable, CaseIterable {
        /// Uniform over the whole window: spreads retries of many failing fires the most. Default.
        case full
        /// Uniform over the upper half: delays never shrink from one attempt to the next.
        case equal
        /// Exactly the window's top.
        case none
    }

    /// Total attempts including the first; 1 means no retry. Default 3, at most 25.
    public var maxAttempts: Int

    /// Backoff window of the first retry, in milliseconds. Default 1,000.
    public var initialDelayMs: Int

    /// Largest backoff window, in milliseconds. Default 60,000.
    public var maxDelayMs: Int

    /// Jitter mode. Default `full`.
    public var jitter: Jitter

    /// Creates a policy; the defaults suit a callback that fails briefly.
    public init(maxAttempts: Int = 3, initialDelayMs: Int = 1_000, maxDelayMs: Int = 60_000, jitter: Jitter = .full) {
        self.maxAttempts = maxAttempts
        self.initialDelayMs = initialDelayMs
        self.maxDelayMs = maxDelayMs
        self.jitter = jitter
    }

    /// Largest accepted `maxAttempts`.
    public static let attemptLimit = 25

    /// Longest `Retry-After` honoured, in milliseconds (one hour); longer answers are capped.
    public static let retryAfterLimitMs = 3_600_000

    /// Whether another attempt follows a failed attempt number `attempt` (1-based).
    public func allowsRetry(after attempt: Int) -> Bool {
        attempt < maxAttempts
    }

    /// The delay in milliseconds before the attempt after `attempt` (1-based).
    ///
    /// - Parameters:
    ///   - retryAfterMs: the receiver's `Retry-After` (429/503), honoured up to ``retryAfterLimitMs`` and never
    ///     shortened by jitter.
    ///   - random: a uniform draw in `[0, 1)`, injected for tests.
    public func delayMs(after attempt: Int, retryAfterMs: Int? = nil, random: Double) -> Int {
        let exponent = min(max(attempt - 1, 0), 40)
        let window = min(Double(maxDelayMs), Double(initialDelayMs) * pow2(exponent))

        let backoff: Double
        switch jitter {
        case .full: backoff = window * random
        case .equal: backoff = window / 2 + window / 2 * random
        case .none: backoff = window
        }

        guard let retryAfterMs else { return Int(backoff) }
        return max(Int(backoff), min(retryAfterMs, Self.retryAfterLimitMs))
    }

    private func pow2(_ exponent: Int) -> Double {
        Double(sign: .plus, exponent: exponent, significand: 1)
    }
}
