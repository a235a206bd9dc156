import Foundation

/// Polls `condition` until it returns `true` or `deadline` passes, blocking the calling thread.
///
/// The condition is evaluated at least once, then every `poll` (default 50 ms) until the deadline. Returns
/// `true` as soon as the condition holds and `false` when the deadline passed first. Errors thrown by the
/// condition end the wait and are rethrown. Use it for every readiness wait instead of a fixed sleep.
@discardableResult
public func waitUntil(
    deadline: ContinuousClock.Instant,
    poll: Duration = .milliseconds(50),
    _ condition: () throws -> Bool
) rethrows -> Bool {
    while true {
        if try condition() { return true }

        let now = ContinuousClock.now
        guard now < deadline else { return false }

        let pause = min(poll, deadline - now)
        Thread.sleep(forTimeInterval: pause.seconds)
    }
}

/// Polls `condition` until it returns `true` or `deadline` passes, suspending between polls.
///
/// Same contract as the blocking variant: at least one evaluation, `true` when the condition held, `false`
/// when the deadline passed first. Cancellation of the calling task ends the wait with `false`.
@discardableResult
public func waitUntil(
    deadline: ContinuousClock.Instant,
    poll: Duration = .milliseconds(50),
    _ condition: () async throws -> Bool
) async rethrows -> Bool {
    while !Task.isCancelled {
        if try await condition() { return true }

        let now = ContinuousClock.now
        guard now < deadline else { return false }

        try? await Task.sleep(for: min(poll, deadline - now))
    }
    return false
}

extension Duration {
    /// The duration as fractional seconds, for APIs that take a `TimeInterval`.
    var seconds: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }
}
