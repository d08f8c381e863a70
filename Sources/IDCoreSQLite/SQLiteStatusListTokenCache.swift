import Foundation
import IDCore
import SQLiteSupport

/// A ``IDCore/StatusListTokenCache`` in an SQLite file: a restarted verifier finds the status
/// lists it fetched before, to reuse within their lifetime (and to answer stale-if-error).
public final class SQLiteStatusListTokenCache: StatusListTokenCache {
    private let database: SQLiteDatabase

    /// Opens the cache in the database file at `path`, creating or migrating its table.
    public init(path: String) throws {
        database = try storeUnavailable { try SQLiteDatabase.open(path: path) }
        try storeUnavailable {
            try database.migrate(component: "status-list-tokens", migrations: [[
                "CREATE TABLE vidk_status_list_tokens (uri TEXT PRIMARY KEY, token TEXT NOT NULL, fetched_at REAL NOT NULL)",
            ]])
        }
    }

    public func token(at uri: String) throws -> CachedStatusListToken? {
        try storeUnavailable {
            try database.read { connection in
                try connection.rows("SELECT token, fetched_at FROM vidk_status_list_tokens WHERE uri = ?", [.text(uri)]).first.map { row in
                    guard let token = row[0].text, let fetched = row[1].real else {
                        throw IDCoreError(.storeUnavailable, "The cached status list token for \(uri) cannot be read.")
                    }
                    return CachedStatusListToken(token: token, fetchedAt: Date(timeIntervalSince1970: fetched))
                }
            }
        }
    }

    public func store(_ token: CachedStatusListToken, at uri: String) throws {
        try storeUnavailable {
            try database.transaction { connection in
                try connection.run("""
                    INSERT INTO vidk_status_list_tokens (uri, token, fetched_at) VALUES (?, ?, ?)
                    ON CONFLICT (uri) DO UPDATE SET token = excluded.token, fetched_at = excluded.fetched_at
                    WHERE excluded.fetched_at > vidk_status_list_tokens.fetched_at
                    """, [.text(uri), .text(token.token), .real(token.fetchedAt.timeIntervalSince1970)])
            }
        }
    }
}
