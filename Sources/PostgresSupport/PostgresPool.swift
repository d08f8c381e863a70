import Foundation
import Synchronization

/// A bounded pool of libpq connections to one database, shared by the stores of a process.
///
/// A caller waits up to `checkoutTimeout` for a free connection and then fails (a database
/// that cannot keep up is reported, not queued for ever); a connection found broken (the server
/// restarted) is dropped and the next caller opens a fresh one. Calls block the calling thread
/// for the round trip: libpq is synchronous.
package final class PostgresPool: Sendable {
    /// How a transaction isolates itself; each store says which its operations need and why.
    package enum Isolation: String, Sendable {
        /// Enough with row locks (`SELECT … FOR UPDATE`) and single-statement upserts.
        case readCommitted = "READ COMMITTED"
        /// For read-decide-write logic that takes no row lock; retried on serialization failure.
        case serializable = "SERIALIZABLE"
    }

    private struct State {
        var idle: [PostgresConnection] = []
        var open = 0
    }

    private let url: String
    private let size: Int
    private let connectTimeout: Int
    private let statementTimeoutMilliseconds: Int
    private let checkoutTimeout: TimeInterval
    /// Guarded by `condition`.
    nonisolated(unsafe) private var state = State()
    private let condition = NSCondition()

    /// - Parameters:
    ///   - url: a libpq connection URL, `postgresql://user@host:port/database`.
    ///   - size: the most connections open at once.
    ///   - connectTimeout: seconds to wait for a connection to open.
    ///   - statementTimeout: seconds a statement may run before the server cancels it.
    ///   - checkoutTimeout: seconds to wait for a free connection.
    package init(url: String, size: Int = 8, connectTimeout: Int = 5, statementTimeout: TimeInterval = 10, checkoutTimeout: TimeInterval = 10) {
        self.url = url
        self.size = max(1, size)
        self.connectTimeout = connectTimeout
        statementTimeoutMilliseconds = Int(statementTimeout * 1000)
        self.checkoutTimeout = checkoutTimeout
    }

    /// Runs `body` in one transaction at `isolation`, committed when it returns and rolled back
    /// when it throws; a serialization failure or deadlock runs it again, up to three times.
    @discardableResult
    package func transaction<Result>(_ isolation: Isolation, _ body: (PostgresConnection) throws -> Result) throws -> Result {
        var attempt = 0
        while true {
            attempt += 1
            do {
                return try withConnection { connection in
                    try connection.query("BEGIN ISOLATION LEVEL \(isolation.rawValue)")
                    do {
                        let result = try body(connection)
                        try connection.query("COMMIT")
                        return result
                    } catch {
                        _ = try? connection.query("ROLLBACK")
                        throw error
                    }
                }
            } catch let error as PostgresError where error.isRetryable && attempt < 3 {
                continue
            }
        }
    }

    /// Brings `component`'s tables to the latest of `migrations` (version n is
    /// `migrations[n - 1]`), under an advisory lock so that instances starting together migrate
    /// once; a database newer than this code is refused.
    package func migrate(component: String, migrations: [[String]]) throws {
        try transaction(.readCommitted) { connection in
            try connection.query("SELECT pg_advisory_xact_lock(hashtext('vidk_schema'))")
            try connection.query("CREATE TABLE IF NOT EXISTS vidk_schema (component TEXT PRIMARY KEY, version INTEGER NOT NULL)")
            let current = try connection.query("SELECT version FROM vidk_schema WHERE component = $1", [.text(component)]).scalar.flatMap { Int($0) } ?? 0
            guard current <= migrations.count else {
                throw PostgresError(operation: "migrate \(component)", sqlState: nil,
                                    message: "the database has schema version \(current), newer than this SDK's \(migrations.count)")
            }
            for (index, steps) in migrations.enumerated().dropFirst(current) {
                for step in steps { try connection.query(step) }
                try connection.query("INSERT INTO vidk_schema (component, version) VALUES ($1, $2) ON CONFLICT (component) DO UPDATE SET version = excluded.version",
                                     [.text(component), .integer(Int64(index + 1))])
            }
        }
    }

    private func withConnection<Result>(_ body: (PostgresConnection) throws -> Result) throws -> Result {
        let connection = try checkout()
        do {
            let result = try body(connection)
            checkin(connection)
            return result
        } catch {
            checkin(connection)
            throw error
        }
    }

    private func checkout() throws -> PostgresConnection {
        condition.lock()
        let deadline = Date().addingTimeInterval(checkoutTimeout)
        while state.idle.isEmpty && state.open >= size {
            guard condition.wait(until: deadline) else {
                condition.unlock()
                throw PostgresError(operation: "checkout", sqlState: nil, message: "all \(size) connections stayed busy for \(checkoutTimeout) s")
            }
        }
        if let connection = state.idle.popLast() {
            condition.unlock()
            return connection
        }
        state.open += 1
        condition.unlock()
        do {
            return try PostgresConnection(url: url, connectTimeout: connectTimeout, statementTimeoutMilliseconds: statementTimeoutMilliseconds)
        } catch {
            condition.lock()
            state.open -= 1
            condition.signal()
            condition.unlock()
            throw error
        }
    }

    private func checkin(_ connection: PostgresConnection) {
        condition.lock()
        if connection.isHealthy { state.idle.append(connection) } else { state.open -= 1 }
        condition.signal()
        condition.unlock()
    }
}
