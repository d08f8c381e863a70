import Foundation
import IDCore
import PostgresSupport

/// A ``IDCore/StatusListTokenCache`` on PostgreSQL, shared by every instance of a verifier: a
/// list fetched by one is reused by all while its token allows. One statement per call, READ
/// COMMITTED; a token is replaced only by one fetched later.
public final class PostgresStatusListTokenCache: StatusListTokenCache {
    private let pool: PostgresPool

    /// Connects to the database at `url` with up to `poolSize` connections, and creates or
    /// migrates the table.
    public init(url: String, poolSize: Int = 2) throws {
        pool = PostgresPool(url: url, size: poolSize)
        try storeUnavailable {
            try pool.migrate(component: "status-list-tokens", migrations: [[
                "CREATE TABLE vidk_status_list_tokens (uri TEXT PRIMARY KEY, token TEXT NOT NULL, fetched_at DOUBLE PRECISION NOT NULL)",
            ]])
        }
    }

    public func token(at uri: String) throws -> CachedStatusListToken? {
        try storeUnavailable {
            try pool.transaction(.readCommitted) { connection in
                try connection.query("SELECT token, fetched_at FROM vidk_status_list_tokens WHERE uri = $1", [.text(uri)]).first.map { row in
                    guard let token = row[0], let fetched = row[1].flatMap(Double.init) else {
                        throw IDCoreError(.storeUnavailable, "The cached status list token for \(uri) cannot be read.")
                    }
                    return CachedStatusListToken(token: token, fetchedAt: Date(timeIntervalSince1970: fetched))
                }
            }
        }
    }

    public func store(_ token: CachedStatusListToken, at uri: String) throws {
        try storeUnavailable {
            try pool.transaction(.readCommitted) { connection in
                try connection.query("""
                    INSERT INTO vidk_status_list_tokens (uri, token, fetched_at) VALUES ($1, $2, $3)
                    ON CONFLICT (uri) DO UPDATE SET token = excluded.token, fetched_at = excluded.fetched_at
                    WHERE excluded.fetched_at > vidk_status_list_tokens.fetched_at
                    """, [.text(uri), .text(token.token), .double(token.fetchedAt.timeIntervalSince1970)])
            }
        }
    }
}
