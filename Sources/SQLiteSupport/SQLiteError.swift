/// A failure of the SQLite library: the call, SQLite's result code and its message. Each store
/// turns it into its module's "store unavailable" error; it never means "not found".
package struct SQLiteError: Error, CustomStringConvertible {
    package let operation: String
    package let code: Int32
    package let message: String

    package var description: String { "SQLite \(operation) failed (\(code)): \(message)" }
}

extension SQLiteError {
    /// Runs `body`, giving an SQLite failure as the error `unavailable` makes of it: how each
    /// store says, in its own module's terms, that it could not answer.
    @discardableResult
    package static func rethrown<Result>(as unavailable: (SQLiteError) -> any Error, _ body: () throws -> Result) throws -> Result {
        do {
            return try body()
        } catch let error as SQLiteError {
            throw unavailable(error)
        }
    }
}
