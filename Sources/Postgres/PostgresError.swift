/// The one error type of the Postgres module.
///
/// `message` is the server's primary message (or libpq's message for client-side failures). It never
/// holds SQL text, parameter values or passwords, so it is safe to log and to show in API errors.
public struct PostgresError: Error, Sendable, CustomStringConvertible {
    /// Stable category of a failure.
    public enum Code: String, Sendable {
        /// Could not connect, or the connection was lost during a call (`isConnectionLost` is true).
        case connectionFailed
        /// The server rejected a statement; see `sqlState`.
        case queryFailed
        /// The statement ran past `statement_timeout` or was cancelled (SQLSTATE 57014).
        case timeout
        /// No pooled connection became free within the pool's acquire timeout.
        case poolTimeout
        /// The connection or pool was closed by its owner before the call.
        case closed
        /// A column was missing, NULL or not in the requested format.
        case decoding
    }

    /// Stable category of the failure.
    public var code: Code

    /// SQLSTATE reported by the server (for example `"23505"`), `nil` for client-side failures.
    public var sqlState: String?

    /// Human-readable message without SQL text, parameters or secrets.
    public var message: String

    /// Name of the violated constraint when the server reports one (`PG_DIAG_CONSTRAINT_NAME`).
    public var constraintName: String?

    /// True when the connection cannot be used after this error; pools discard such connections.
    public var isConnectionLost: Bool

    /// True for a unique-constraint violation (SQLSTATE 23505).
    public var isUniqueViolation: Bool { sqlState == "23505" }

    /// Creates an error; `isConnectionLost` defaults to false.
    public init(
        code: Code,
        message: String,
        sqlState: String? = nil,
        constraintName: String? = nil,
        isConnectionLost: Bool = false
    ) {
        self.code = code
        self.message = message
        self.sqlState = sqlState
        self.constraintName = constraintName
        self.isConnectionLost = isConnectionLost
    }

    /// `PostgresError(code, sqlState): message`, with no SQL text or parameters.
    public var description: String {
        let state = sqlState.map { ", sqlState: \($0)" } ?? ""
        return "PostgresError(\(code.rawValue)\(state)): \(message)"
    }
}
