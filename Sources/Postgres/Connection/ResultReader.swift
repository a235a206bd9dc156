import CLibPQ
import Foundation

/// Turns a `PGresult` into a `PostgresResult` or a `PostgresError`, and frees it.
enum ResultReader {
    private static let sqlStateField = Int32(UInt8(ascii: "C"))
    private static let primaryMessageField = Int32(UInt8(ascii: "M"))
    private static let constraintNameField = Int32(UInt8(ascii: "n"))

    /// SQLSTATEs after which the server has closed (or is closing) the session.
    private static let connectionEndingStates: Set<String> = ["57P01", "57P02", "57P03"]

    /// Reads and clears `result`. `parameters` are the texts that were sent; any of them quoted in
    /// the server's message is replaced so errors never carry parameter values.
    static func read(_ result: OpaquePointer?, handle: OpaquePointer, parameters: [String?] = []) throws
        -> PostgresResult
    {
        guard let result else { throw connectionError(handle) }
        defer { PQclear(result) }

        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY:
            return makeResult(result)
        case PGRES_COPY_IN, PGRES_COPY_OUT, PGRES_COPY_BOTH:
            throw PostgresError(code: .queryFailed, message: "COPY is not supported on this connection")
        default:
            throw makeError(result, handle: handle, parameters: parameters)
        }
    }

    /// The error for a failure without a result, typically a lost connection.
    static func connectionError(_ handle: OpaquePointer, fallback: String = "connection lost") -> PostgresError {
        let text = PQerrorMessage(handle).map { String(cString: $0) } ?? ""
        let message = text.split(whereSeparator: \.isNewline).first.map(String.init) ?? fallback
        let isLost = PQstatus(handle) != CONNECTION_OK
        return PostgresError(
            code: isLost ? .connectionFailed : .queryFailed, message: message, isConnectionLost: isLost)
    }

    private static func makeResult(_ result: OpaquePointer) -> PostgresResult {
        let columnCount = PQnfields(result)
        let columns = (0..<columnCount).map { String(cString: PQfname(result, $0)) }
        var columnIndex: [String: Int] = [:]
        for (index, name) in columns.enumerated() where columnIndex[name] == nil { columnIndex[name] = index }

        let rows = (0..<PQntuples(result)).map { row in
            let values = (0..<columnCount).map { column -> String? in
                PQgetisnull(result, row, column) == 1 ? nil : String(cString: PQgetvalue(result, row, column))
            }
            return PostgresRow(columnIndex: columnIndex, values: values)
        }

        let affected = PQcmdTuples(result).flatMap { Int(String(cString: $0)) } ?? 0
        return PostgresResult(rows: rows, columns: columns, affectedRows: affected)
    }

    private static func makeError(_ result: OpaquePointer, handle: OpaquePointer, parameters: [String?])
        -> PostgresError
    {
        let sqlState = field(result, sqlStateField)
        let primary = field(result, primaryMessageField)
        guard sqlState != nil || primary != nil else { return connectionError(handle) }

        let isLost =
            PQstatus(handle) != CONNECTION_OK || sqlState?.hasPrefix("08") == true
            || connectionEndingStates.contains(sqlState ?? "")
        let code: PostgresError.Code = isLost ? .connectionFailed : (sqlState == "57014" ? .timeout : .queryFailed)

        return PostgresError(
            code: code,
            message: redactParameters(primary ?? "query failed", parameters),
            sqlState: sqlState,
            constraintName: field(result, constraintNameField),
            isConnectionLost: isLost
        )
    }

    private static func field(_ result: OpaquePointer, _ code: Int32) -> String? {
        PQresultErrorField(result, code).map { String(cString: $0) }
    }

    private static func redactParameters(_ message: String, _ parameters: [String?]) -> String {
        var redacted = message
        for case let text? in parameters where !text.isEmpty {
            redacted = redacted.replacingOccurrences(of: "\"\(text)\"", with: "\"<redacted>\"")
        }
        return redacted
    }
}
