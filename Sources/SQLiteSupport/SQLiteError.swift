/// A failure of the SQLite library: the call, SQLite's result code and its message. Each store
/// turns it into its module's "store unavailable" error; it never means "not found".
package struct SQLiteError: Error, CustomStringConvertible {
    package let operation: String
    package let code: Int32
    package let message: String

    package var description: String { "SQLite \(operation) failed (\(code)): \(message)" }
}
