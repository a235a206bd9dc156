import CLibPQ
import Foundation

extension PostgresConnection {
    /// Subscribes this session to `channel` (`LISTEN`, with the name quoted as an identifier, so it is
    /// case-sensitive and may contain any character). Throws like `query`.
    public func listen(_ channel: String) throws {
        try withHandle { handle in
            guard let quoted = PQescapeIdentifier(handle, channel, channel.utf8.count) else {
                throw ResultReader.connectionError(handle, fallback: "cannot quote channel name")
            }
            let statement = "LISTEN " + String(cString: quoted)
            PQfreemem(quoted)

            _ = try ResultReader.read(PQexec(handle, statement), handle: handle)
        }
        session.withLock { session in session.isListening = true }
    }

    /// Blocks until at least one notification arrives or `timeout` passes, then returns everything
    /// received so far (already-queued notifications return at once). Returns `[]` on timeout.
    /// Throws `.connectionFailed` with `isConnectionLost` when the session dies while waiting.
    public func waitForNotifications(timeout: Duration) throws -> [PostgresNotification] {
        let deadline = ContinuousClock.now + timeout
        return try withHandle { handle in
            var received = Self.drainNotifications(handle)
            while received.isEmpty {
                guard PQstatus(handle) == CONNECTION_OK else { throw ResultReader.connectionError(handle) }
                let remaining = deadline - ContinuousClock.now
                guard remaining > .zero else { break }

                if try Self.waitReadable(PQsocket(handle), timeout: remaining) {
                    guard PQconsumeInput(handle) == 1 else { throw ResultReader.connectionError(handle) }
                    received = Self.drainNotifications(handle)
                }
            }
            return received
        }
    }

    /// Checks without blocking whether the server closed the idle session (for example after
    /// `pg_terminate_backend`). Returns false when the session is unusable.
    func isAlive() -> Bool {
        let alive = try? withHandle { handle in
            for _ in 0..<4 {
                guard PQstatus(handle) == CONNECTION_OK, !fatalNotice.hasEndedSession else { return false }
                guard try Self.waitReadable(PQsocket(handle), timeout: .zero) else { return true }

                // Read what arrived, let libpq parse it (notices, notifications), then look again:
                // a terminated backend sends a FATAL message and then end-of-file.
                guard PQconsumeInput(handle) == 1 else { return false }
                _ = Self.drainNotifications(handle)
            }
            return PQstatus(handle) == CONNECTION_OK && !fatalNotice.hasEndedSession
        }
        return alive == true
    }

    /// Returns the session to a clean state before it goes back to a pool: rolls back an open
    /// transaction and drops subscriptions. Returns whether the session is still usable.
    func prepareForReuse() -> Bool {
        let status = transactionStatus
        if status == PQTRANS_INTRANS || status == PQTRANS_INERROR {
            guard (try? executeScript("ROLLBACK")) != nil else { return false }
        }

        let wasListening = session.withLock { session in
            defer {
                session.isListening = false
                session.savepointDepth = 0
            }
            return session.isListening
        }
        if wasListening {
            guard (try? executeScript("UNLISTEN *")) != nil else { return false }
            _ = try? withHandle { handle in Self.drainNotifications(handle) }
        }
        return isUsable
    }

    private static func drainNotifications(_ handle: OpaquePointer) -> [PostgresNotification] {
        var notifications: [PostgresNotification] = []
        while let notify = PQnotifies(handle) {
            let channel = String(cString: notify.pointee.relname)
            let payload = notify.pointee.extra.map { String(cString: $0) } ?? ""
            notifications.append(
                PostgresNotification(channel: channel, payload: payload, backendPID: notify.pointee.be_pid))
            PQfreemem(notify)
        }
        return notifications
    }

    /// Waits until `socket` is readable (or hung up) or `timeout` passes; retries on `EINTR`.
    private static func waitReadable(_ socket: Int32, timeout: Duration) throws -> Bool {
        var descriptor = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
        let milliseconds = Int32(clamping: timeout.roundedUpMilliseconds)
        while true {
            let ready = poll(&descriptor, 1, milliseconds)
            if ready >= 0 { return ready > 0 }
            guard errno == EINTR else {
                throw PostgresError(code: .connectionFailed, message: "poll failed", isConnectionLost: true)
            }
        }
    }
}
