import Foundation
import IDCore
import PostgresSupport

/// A ``IDCore/NonceStore`` on PostgreSQL, shared by every gateway instance: a nonce seen at one
/// instance is a replay at the others until it expires.
///
/// One READ COMMITTED transaction: the expired row is deleted and the insert's
/// `ON CONFLICT DO NOTHING` decides, under the primary key's lock, which of two concurrent
/// consumers gets the nonce. Any failure throws `store-unavailable`, so the message is not run.
public final class PostgresNonceStore: NonceStore {
    private let pool: PostgresPool

    /// Connects to the database at `url` with up to `poolSize` connections, and creates or
    /// migrates the table.
    public init(url: String, poolSize: Int = 4) throws {
        pool = PostgresPool(url: url, size: poolSize)
        try storeUnavailable {
            try pool.migrate(component: "used-nonces", migrations: [[
                "CREATE TABLE vidk_used_nonces (nonce BYTEA PRIMARY KEY, expires DOUBLE PRECISION NOT NULL)",
                "CREATE INDEX vidk_used_nonces_expires ON vidk_used_nonces (expires)",
            ]])
        }
    }

    public func consume(_ nonce: String, at now: Date, until expiry: Date) throws -> Bool {
        try storeUnavailable {
            try pool.transaction(.readCommitted) { connection in
                try connection.query("DELETE FROM vidk_used_nonces WHERE nonce = $1 AND expires <= $2", [.bytes(Array(nonce.utf8)), .double(now.timeIntervalSince1970)])
                // Other expired nonces go now and then, not at every call: concurrent sweeps of
                // the same rows would wait on each other.
                if Int.random(in: 0..<256) == 0 {
                    try connection.query("DELETE FROM vidk_used_nonces WHERE expires <= $1", [.double(now.timeIntervalSince1970)])
                }
                return try connection.query("INSERT INTO vidk_used_nonces (nonce, expires) VALUES ($1, $2) ON CONFLICT (nonce) DO NOTHING",
                                            [.bytes(Array(nonce.utf8)), .double(expiry.timeIntervalSince1970)]).changed == 1
            }
        }
    }
}
