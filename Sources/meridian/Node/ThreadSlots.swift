import Synchronization

/// Background threads by name, to join one or all. Thread-safe.
final class ThreadSlots: Sendable {
    private let threads: Mutex<[(name: String, thread: BackgroundThread)]> = Mutex([])

    /// Starts `body` on a new thread kept under `name`.
    func start(_ name: String, _ body: @escaping @Sendable () -> Void) {
        let thread = BackgroundThread(name: name, body)
        threads.withLock { $0.append((name, thread)) }
    }

    /// Waits for the thread named `name`, once; later calls return at once.
    func join(named name: String) {
        let found = threads.withLock { threads in
            let index = threads.firstIndex { $0.name == name }
            return index.map { threads.remove(at: $0).thread }
        }
        found?.join()
    }

    /// Waits for every thread still kept.
    func joinAll() {
        let all = threads.withLock { threads in
            defer { threads.removeAll() }
            return threads.map(\.thread)
        }
        for thread in all { thread.join() }
    }
}
