/// A failure reaching or using PostgreSQL: what was being done, the SQLSTATE when the server
/// gave one (`40001` serialization failure, `57P01` admin shutdown, ...) and the message. Each
/// store turns it into its module's "store unavailable" error; it never means "not found".
package struct PostgresError: Error, CustomStringConvertible {
    package let operation: String
    package let sqlState: String?
    package let message: String

    /// Whether running the transaction again may succeed: a serialization failure or deadlock.
    package var isRetryable: Bool { sqlState == "40001" || sqlState == "40P01" }

    package init(operation: String, sqlState: String?, message: String) {
        self.operation = operation
        self.sqlState = sqlState
        self.message = message
    }

    package var description: String { "PostgreSQL \(operation) failed\(sqlState.map { " (SQLSTATE \($0))" } ?? ""): \(message)" }
}

extension PostgresError {
    /// Runs `body`, giving a PostgreSQL failure as the error `unavailable` makes of it: how each
    /// store says, in its own module's terms, that it could not answer.
    @discardableResult
    package static func rethrown<Result>(as unavailable: (PostgresError) -> any Error, _ body: () throws -> Result) throws -> Result {
        do {
            return try body()
        } catch let error as PostgresError {
            throw unavailable(error)
        }
    }
}
