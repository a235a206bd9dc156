import Foundation

/// Lets a long-running loop sleep until a deadline, an explicit signal, or shutdown — whichever is first.
///
/// Thread-safe. `@unchecked Sendable` because all state is guarded by the condition's lock.
public final class Wakeup: @unchecked Sendable {
    private let condition = NSCondition()
    private var isSignalled = false
    private var isStopped = false

    public init() {}

    /// Whether ``stop()`` was called.
    public var isStopping: Bool {
        condition.lock()
        defer { condition.unlock() }
        return isStopped
    }

    /// Wakes the sleeper now (or makes its next wait return at once).
    public func signal() {
        condition.lock()
        isSignalled = true
        condition.broadcast()
        condition.unlock()
    }

    /// Wakes the sleeper for good; every later wait returns at once.
    public func stop() {
        condition.lock()
        isStopped = true
        condition.broadcast()
        condition.unlock()
    }

    /// Sleeps up to `timeout`; returns early on a signal or stop. Consumes the pending signal.
    public func wait(timeout: Duration) {
        let deadline = Date().addingTimeInterval(timeout.seconds)
        condition.lock()
        defer { condition.unlock() }

        while !isSignalled && !isStopped {
            if !condition.wait(until: deadline) { break }
        }
        isSignalled = false
    }
}

extension Duration {
    /// The duration in seconds as a floating-point number.
    public var seconds: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }

    /// The duration in whole milliseconds, rounded down.
    public var milliseconds: Int64 {
        let parts = components
        return parts.seconds * 1_000 + parts.attoseconds / 1_000_000_000_000_000
    }
}
