import IDCore
import PostgresSupport

/// Runs a store operation, giving a PostgreSQL failure as `store-unavailable`: the caller must
/// not go ahead on an answer the store could not give.
@discardableResult
func storeUnavailable<Result>(_ body: () throws -> Result) throws -> Result {
    try PostgresError.rethrown(as: { IDCoreError(.storeUnavailable, "The PostgreSQL store could not answer: \($0)") }, body)
}
