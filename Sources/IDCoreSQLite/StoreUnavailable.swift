import IDCore
import SQLiteSupport

/// Runs a store operation, giving an SQLite failure as `store-unavailable`: the caller must not
/// go ahead on an answer the store could not give.
@discardableResult
func storeUnavailable<Result>(_ body: () throws -> Result) throws -> Result {
    do {
        return try body()
    } catch let error as SQLiteError {
        throw IDCoreError(.storeUnavailable, "The SQLite store could not answer: \(error)")
    }
}
