import Foundation

/// Holds prepared attempts until their instant and hands each to `release` on one dedicated thread, so a
/// fire leaves at its nominal instant rather than when a worker happens to get to it.
///
/// `@unchecked Sendable`: the pending list and flags are guarded by the condition's lock.
final class ReleaseQueue<Item: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private var pending: [(dueAtMs: Int64, item: Item)] = []
    private var isStopped = false
    private let release: @Sendable (Item) -> Void

    /// Creates the queue; call ``run()`` on a thread of its own.
    init(release: @escaping @Sendable (Item) -> Void) {
        self.release = release
    }

    /// Adds `item`, released at `dueAtMs` (milliseconds since 1970) or at once when that has passed.
    func schedule(_ item: Item, dueAtMs: Int64) {
        condition.lock()
        let index = pending.firstIndex { $0.dueAtMs > dueAtMs } ?? pending.count
        pending.insert((dueAtMs, item), at: index)
        condition.signal()
        condition.unlock()
    }

    /// Releases items until ``stop()``; items still pending then are released at once, never dropped.
    func run() {
        condition.lock()
        while true {
            let now = Date().timeIntervalSince1970 * 1000
            if let first = pending.first, Double(first.dueAtMs) <= now || isStopped {
                pending.removeFirst()
                condition.unlock()
                release(first.item)
                condition.lock()
                continue
            }
            if isStopped { break }
            if let first = pending.first {
                _ = condition.wait(until: Date(timeIntervalSince1970: Double(first.dueAtMs) / 1000))
            } else {
                condition.wait()
            }
        }
        condition.unlock()
    }

    /// Ends ``run()`` after it has released what is pending.
    func stop() {
        condition.lock()
        isStopped = true
        condition.signal()
        condition.unlock()
    }
}
