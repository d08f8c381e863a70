import IDCore
import SQLiteSupport

/// Runs a store operation, giving an SQLite failure as `store-unavailable`: the caller must not
/// go ahead on an answer the store could not give.
@discardableResult
func storeUnavailable<Result>(_ body: () throws -> Result) throws -> Result {
    try SQLiteError.rethrown(as: { IDCoreError(.storeUnavailable, "The SQLite store could not answer: \($0)") }, body)
}
