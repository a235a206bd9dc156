import Dispatch
import Synchronization

/// A bounded, thread-safe pool of blocking connections with FIFO hand-off to waiting threads.
///
/// A thread that finds no idle connection opens a new one while fewer than `maximumConnections`
/// are open, else waits on its own semaphore. A releasing thread hands its connection (or, when the
/// connection is discarded, the right to open a new one) straight to the oldest waiter, so waiters
/// are served in arrival order and nobody barges in ahead of them.
/// Shared by the Postgres and Redis layers.
public final class ConnectionPool<Connection: AnyObject & Sendable>: Sendable {
    /// How a connection plugs into the pool.
    public struct Hooks: Sendable {
        /// Opens a connection; may block and throw.
        public var open: @Sendable () throws -> Connection
        /// Cheap check before handing out an idle connection; false discards it.
        public var isAlive: @Sendable (Connection) -> Bool
        /// Called after use with the error the body threw (if any); false discards the connection.
        public var isReusable: @Sendable (Connection, (any Error)?) -> Bool
        /// Releases a discarded connection's resources.
        public var close: @Sendable (Connection) -> Void
        /// The error thrown when no connection frees up in time, and the one thrown after `close()`.
        public var timeoutError: @Sendable () -> any Error
        public var closedError: @Sendable () -> any Error

        public init(
            open: @escaping @Sendable () throws -> Connection, isAlive: @escaping @Sendable (Connection) -> Bool,
            isReusable: @escaping @Sendable (Connection, (any Error)?) -> Bool,
            close: @escaping @Sendable (Connection) -> Void, timeoutError: @escaping @Sendable () -> any Error,
            closedError: @escaping @Sendable () -> any Error
        ) {
            self.open = open
            self.isAlive = isAlive
            self.isReusable = isReusable
            self.close = close
            self.timeoutError = timeoutError
            self.closedError = closedError
        }
    }

    private enum Grant {
        case connection(Connection)
        case openPermit
        case closed
    }

    private final class Waiter: Sendable {
        let semaphore = DispatchSemaphore(value: 0)
        let grant = Mutex<Grant?>(nil)
    }

    private struct State {
        var idle: [Connection] = []
        var openCount = 0
        var waiters: [Waiter] = []
        var isClosed = false
    }

    private let state = Mutex(State())
    private let maximumConnections: Int
    private let acquireTimeout: Duration
    private let hooks: Hooks

    public init(maximumConnections: Int, acquireTimeout: Duration, hooks: Hooks) {
        precondition(maximumConnections > 0, "maximumConnections must be positive")
        self.maximumConnections = maximumConnections
        self.acquireTimeout = acquireTimeout
        self.hooks = hooks
    }

    /// Open, idle and waiting counts at this instant.
    public var statistics: (open: Int, idle: Int, waiting: Int) {
        state.withLock { state in (state.openCount, state.idle.count, state.waiters.count) }
    }

    /// Lends a connection to `body` and takes it back afterwards (discarding it if unusable).
    public func withConnection<T>(_ body: (Connection) throws -> T) throws -> T {
        let connection = try acquire()

        let value: T
        do {
            value = try body(connection)
        } catch {
            release(connection, isReusable: hooks.isReusable(connection, error))
            throw error
        }

        release(connection, isReusable: hooks.isReusable(connection, nil))
        return value
    }

    /// Closes idle connections now and in-use ones when they come back; waiters get the closed error.
    public func close() {
        let (idle, waiters) = state.withLock { state in
            state.isClosed = true
            state.openCount -= state.idle.count
            for waiter in state.waiters { waiter.grant.withLock { $0 = .closed } }
            defer {
                state.idle = []
                state.waiters = []
            }
            return (state.idle, state.waiters)
        }

        idle.forEach(hooks.close)
        for waiter in waiters { waiter.semaphore.signal() }
    }

    private func acquire() throws -> Connection {
        let deadline = ContinuousClock.now + acquireTimeout
        let immediate: Grant? = state.withLock { state in
            if state.isClosed { return .closed }
            if let connection = state.idle.popLast() { return .connection(connection) }
            if state.openCount < maximumConnections {
                state.openCount += 1
                return .openPermit
            }
            return nil
        }

        let granted = try immediate ?? waitForGrant(until: deadline)
        switch granted {
        case .closed:
            throw hooks.closedError()
        case .connection(let connection) where hooks.isAlive(connection):
            return connection
        case .connection(let connection):
            hooks.close(connection)
            return try openWithPermit()
        case .openPermit:
            return try openWithPermit()
        }
    }

    private func waitForGrant(until deadline: ContinuousClock.Instant) throws -> Grant {
        let waiter = Waiter()
        state.withLock { state in state.waiters.append(waiter) }

        let remaining = max(.zero, deadline - ContinuousClock.now)
        let nanoseconds = Int(clamping: remaining.poolMilliseconds) * 1_000_000
        if waiter.semaphore.wait(timeout: .now() + .nanoseconds(nanoseconds)) == .timedOut {
            let gaveUp = state.withLock { state in
                guard let index = state.waiters.firstIndex(where: { $0 === waiter }) else { return false }
                state.waiters.remove(at: index)
                return true
            }
            if gaveUp { throw hooks.timeoutError() }
        }

        // Signalled, or granted just as the wait timed out: grants are set before the waiter is removed.
        return waiter.grant.withLock { $0 }!
    }

    /// Opens a connection in a slot already counted in `openCount`; gives the slot away on failure.
    private func openWithPermit() throws -> Connection {
        do {
            return try hooks.open()
        } catch {
            release(nil, isReusable: false)
            throw error
        }
    }

    /// Returns a connection (or, with nil, an unused slot) to the pool or to the oldest waiter.
    private func release(_ connection: Connection?, isReusable: Bool) {
        let (waiter, discard): (Waiter?, Connection?) = state.withLock { state in
            let keep = isReusable && !state.isClosed ? connection : nil
            let discard = keep == nil ? connection : nil
            guard !state.waiters.isEmpty else {
                if let keep { state.idle.append(keep) } else { state.openCount -= 1 }
                return (nil, discard)
            }

            // The grant is set under the pool lock so a waiter that just timed out still finds it.
            let waiter = state.waiters.removeFirst()
            waiter.grant.withLock { $0 = keep.map { .connection($0) } ?? .openPermit }
            return (waiter, discard)
        }

        if let discard { hooks.close(discard) }
        waiter?.semaphore.signal()
    }
}

extension Duration {
    /// Whole milliseconds, rounded up so a positive wait never becomes zero.
    fileprivate var poolMilliseconds: Int64 {
        let (seconds, attoseconds) = components
        let attosecondsPerMillisecond: Int64 = 1_000_000_000_000_000
        let remainder = attoseconds % attosecondsPerMillisecond == 0 ? 0 : 1
        return seconds * 1000 + attoseconds / attosecondsPerMillisecond + Int64(remainder)
    }
}
