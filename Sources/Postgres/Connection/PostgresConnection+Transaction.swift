import CLibPQ

extension PostgresConnection {
    /// Runs `body` inside a transaction: `BEGIN`, then `COMMIT` if `body` returns, `ROLLBACK` if it
    /// throws (the original error is rethrown). Nested calls use savepoints. If a statement inside
    /// failed but `body` swallowed the error, nothing is committed and `.queryFailed` is thrown.
    /// A `.connectionFailed` error from `COMMIT` leaves the outcome unknown.
    @discardableResult
    public func transaction<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        let savepoint = try begin()

        let value: T
        do {
            value = try body(self)
        } catch {
            try? rollback(to: savepoint)
            throw error
        }

        try commit(savepoint)
        return value
    }

    /// Current libpq transaction status; `PQTRANS_UNKNOWN` once closed.
    var transactionStatus: PGTransactionStatusType {
        session.withLock { session in session.handle.map { PQtransactionStatus($0) } ?? PQTRANS_UNKNOWN }
    }

    /// Starts a transaction, or a savepoint when one is already open; returns the savepoint name.
    private func begin() throws -> String? {
        guard transactionStatus != PQTRANS_IDLE else {
            try executeScript("BEGIN")
            return nil
        }

        let depth = session.withLock { session in
            session.savepointDepth += 1
            return session.savepointDepth
        }
        let name = "meridian_savepoint_\(depth)"
        try executeScript("SAVEPOINT \(name)")
        return name
    }

    private func commit(_ savepoint: String?) throws {
        guard transactionStatus != PQTRANS_INERROR else {
            try? rollback(to: savepoint)
            throw PostgresError(
                code: .queryFailed, message: "transaction rolled back because a statement inside it failed")
        }

        if let savepoint {
            leaveSavepoint()
            try executeScript("RELEASE SAVEPOINT \(savepoint)")
        } else {
            try executeScript("COMMIT")
        }
    }

    private func rollback(to savepoint: String?) throws {
        guard let savepoint else { return try executeScript("ROLLBACK") }

        leaveSavepoint()
        try executeScript("ROLLBACK TO SAVEPOINT \(savepoint); RELEASE SAVEPOINT \(savepoint)")
    }

    private func leaveSavepoint() {
        session.withLock { session in session.savepointDepth = max(0, session.savepointDepth - 1) }
    }
}
