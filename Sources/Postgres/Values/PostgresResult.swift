/// The outcome of one statement.
public struct PostgresResult: Sendable {
    /// Returned rows in server order; empty for statements that return none.
    public var rows: [PostgresRow]

    /// Column names in result order.
    public var columns: [String]

    /// Rows inserted, updated, deleted, selected or copied, as reported by the command tag;
    /// 0 when the command reports no count.
    public var affectedRows: Int

    /// Creates a result.
    public init(rows: [PostgresRow], columns: [String], affectedRows: Int) {
        self.rows = rows
        self.columns = columns
        self.affectedRows = affectedRows
    }
}
