import CLibPQ
import Synchronization

/// One blocking libpq session.
///
/// Every call blocks the calling thread until the server answers. Calls are serialized by an
/// internal lock, so sharing the object cannot corrupt libpq state, but statements from two threads
/// would interleave inside one session: use a connection from one thread at a time (a
/// `PostgresPool` guarantees that). The session runs with `TimeZone=UTC`, `DateStyle=ISO` and the
/// configured `statement_timeout`.
public final class PostgresConnection: Sendable {
    struct Session {
        var handle: OpaquePointer?
        var isListening = false
        var savepointDepth = 0
        /// SQL text → name of its prepared statement on this session.
        var prepared: [String: String] = [:]
        /// Statements prepared so far; names are never reused, even after one is dropped.
        var preparedCount = 0
    }

    let session: Mutex<Session>
    private let preparedLimit: Int
    let fatalNotice = FatalNoticeFlag()

    /// Connects and prepares the session. Blocks up to `configuration.connectTimeout` per host.
    /// Throws `PostgresError(.connectionFailed)` with libpq's message, never containing the password.
    public init(configuration: PostgresConfiguration) throws {
        let handle = try Self.connect(configuration)
        preparedLimit = configuration.usesPreparedStatements ? configuration.preparedStatementLimit : 0
        fatalNotice.install(on: handle)
        session = Mutex(Session(handle: handle))

        do {
            try executeScript(Self.sessionSetup(configuration))
        } catch {
            close()
            throw error
        }
    }

    deinit {
        close()
    }

    /// Runs one statement with text-format parameters (`$1`, `$2`, …; nil is SQL NULL) and returns
    /// its rows. Several statements in one string are rejected by the server. Throws
    /// `PostgresError`: `.queryFailed` with `sqlState`, `.timeout` past `statement_timeout`,
    /// `.connectionFailed` with `isConnectionLost` when the session died, `.closed` after `close()`.
    @discardableResult
    public func query(_ sql: String, _ parameters: [(any PostgresEncodable)?] = []) throws -> PostgresResult {
        let texts = parameters.map { $0?.postgresText }
        if let index = texts.firstIndex(where: { $0?.utf8.contains(0) == true }) {
            throw PostgresError(code: .queryFailed, message: "parameter $\(index + 1) contains a NUL byte")
        }

        return try session.withLock { session in
            guard let handle = session.handle else {
                throw PostgresError(code: .closed, message: "connection is closed")
            }
            guard let name = try preparedName(for: sql, in: &session, handle: handle) else {
                let result = withCStringArray(texts) { values in
                    PQexecParams(handle, sql, Int32(texts.count), nil, values, nil, nil, 0)
                }
                return try ResultReader.read(result, handle: handle, parameters: texts)
            }
            let result = withCStringArray(texts) { values in
                PQexecPrepared(handle, name, Int32(texts.count), values, nil, nil, 0)
            }
            do {
                return try ResultReader.read(result, handle: handle, parameters: texts)
            } catch let error as PostgresError where error.sqlState == Self.stalePlanState {
                // A migration changed a table under the cached plan: prepare it afresh next time.
                session.prepared[sql] = nil
                _ = try? ResultReader.read(PQexec(handle, "DEALLOCATE \(name)"), handle: handle)
                throw error
            }
        }
    }

    /// SQLSTATE of "cached plan must not change result type".
    private static let stalePlanState = "0A000"

    /// The name of `sql`'s prepared statement on this session, preparing it on first use; `nil` when the
    /// cache is off or full.
    private func preparedName(for sql: String, in session: inout Session, handle: OpaquePointer) throws -> String? {
        if let name = session.prepared[sql] { return name }
        guard session.prepared.count < preparedLimit else { return nil }

        session.preparedCount += 1
        let name = "meridian_\(session.preparedCount)"
        _ = try ResultReader.read(PQprepare(handle, name, sql, 0, nil), handle: handle)
        session.prepared[sql] = name
        return name
    }

    /// Runs one statement like `query` and returns the number of affected rows.
    @discardableResult
    public func execute(_ sql: String, _ parameters: [(any PostgresEncodable)?] = []) throws -> Int {
        try query(sql, parameters).affectedRows
    }

    /// Runs a script of several statements without parameters (for migrations). Statements run in
    /// one implicit transaction unless the script manages its own. Throws like `query`.
    public func executeScript(_ sql: String) throws {
        try withHandle { handle in
            _ = try ResultReader.read(PQexec(handle, sql), handle: handle)
        }
    }

    /// The server process id of this session (`PQbackendPID`), 0 once closed.
    public var backendPID: Int32 {
        session.withLock { session in session.handle.map { PQbackendPID($0) } ?? 0 }
    }

    /// True while the session is open, healthy and not inside a failed transaction. Does no I/O,
    /// so a server-side disconnect shows only after the next call.
    public var isUsable: Bool {
        session.withLock { session in
            guard let handle = session.handle, PQstatus(handle) == CONNECTION_OK else { return false }
            guard !fatalNotice.hasEndedSession else { return false }
            let status = PQtransactionStatus(handle)
            return status != PQTRANS_INERROR && status != PQTRANS_UNKNOWN
        }
    }

    /// Closes the session. Idempotent; later calls throw `.closed`.
    public func close() {
        let handle = session.withLock { session in
            defer { session.handle = nil }
            return session.handle
        }
        if let handle { PQfinish(handle) }
    }

    /// Runs `body` with the open libpq handle under the lock. Throws `.closed` after `close()`.
    func withHandle<T: Sendable>(_ body: (OpaquePointer) throws -> T) throws -> T {
        try session.withLock { session in
            guard let handle = session.handle else {
                throw PostgresError(code: .closed, message: "connection is closed")
            }
            return try body(handle)
        }
    }

    private static func connect(_ configuration: PostgresConfiguration) throws -> OpaquePointer {
        let parameters = ConnectionParameters(configuration)
        let handle = parameters.withCArrays { keywords, values in PQconnectdbParams(keywords, values, 1) }
        guard let handle else {
            throw PostgresError(code: .connectionFailed, message: "out of memory", isConnectionLost: true)
        }

        guard PQstatus(handle) == CONNECTION_OK else {
            let raw = PQerrorMessage(handle).map { String(cString: $0) } ?? "connection failed"
            PQfinish(handle)
            let message = ConnectionParameters.redact(raw, connectionString: configuration.connectionString)
            throw PostgresError(code: .connectionFailed, message: message, isConnectionLost: true)
        }
        return handle
    }

    /// Session settings sent right after connecting. Built from numbers only.
    /// TODO(#2): through pgbouncer in transaction mode session `SET`s do not stick to the server
    /// backend that runs the next statement (pgbouncer tracks TimeZone and DateStyle, not
    /// statement_timeout); set statement_timeout on the role there (`ALTER ROLE … SET`).
    private static func sessionSetup(_ configuration: PostgresConfiguration) -> String {
        var statements = ["SET TimeZone = 'UTC'", "SET DateStyle = 'ISO, MDY'"]
        if let timeout = configuration.statementTimeout {
            statements.append("SET statement_timeout = \(timeout.roundedUpMilliseconds)")
        }
        return statements.joined(separator: "; ")
    }
}
