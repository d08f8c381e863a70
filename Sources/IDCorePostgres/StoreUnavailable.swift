import IDCore
import PostgresSupport

/// Runs a store operation, giving a PostgreSQL failure as `store-unavailable`: the caller must
/// not go ahead on an answer the store could not give.
@discardableResult
func storeUnavailable<Result>(_ body: () throws -> Result) throws -> Result {
    do {
        return try body()
    } catch let error as PostgresError {
        throw IDCoreError(.storeUnavailable, "The PostgreSQL store could not answer: \(error)")
    }
}
