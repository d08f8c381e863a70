import Foundation
import IDCore
import PostgresSupport

/// A ``IDCore/ChallengeStore`` on PostgreSQL, shared by every verifier instance behind one
/// address: a nonce issued at one instance is redeemed once at any of them.
///
/// Each operation is one statement in a READ COMMITTED transaction: the upsert and the
/// `DELETE … RETURNING` lock the row they touch, so two instances redeeming the same nonce at
/// once cannot both see it. Any failure (the database gone, a timeout) throws
/// `store-unavailable`: nothing is redeemed that could not be looked up.
public final class PostgresChallengeStore: ChallengeStore {
    private let pool: PostgresPool

    /// Connects to the database at `url` (`postgresql://user@host:port/database`) with up to
    /// `poolSize` connections, and creates or migrates the table.
    public init(url: String, poolSize: Int = 4) throws {
        pool = PostgresPool(url: url, size: poolSize)
        try storeUnavailable {
            try pool.migrate(component: "challenges", migrations: [[
                "CREATE TABLE vidk_challenges (nonce BYTEA PRIMARY KEY, expires DOUBLE PRECISION NOT NULL)",
                "CREATE INDEX vidk_challenges_expires ON vidk_challenges (expires)",
            ]])
        }
    }

    public func issue(_ nonce: String, at now: Date, until expiry: Date) throws {
        try storeUnavailable {
            try pool.transaction(.readCommitted) { connection in
                try connection.query("DELETE FROM vidk_challenges WHERE expires <= $1", [.double(now.timeIntervalSince1970)])
                try connection.query("""
                    INSERT INTO vidk_challenges (nonce, expires) VALUES ($1, $2)
                    ON CONFLICT (nonce) DO UPDATE SET expires = GREATEST(vidk_challenges.expires, excluded.expires)
                    """, [.bytes(Array(nonce.utf8)), .double(expiry.timeIntervalSince1970)])
            }
        }
    }

    public func redeem(_ nonce: String, at now: Date) throws -> Bool {
        try storeUnavailable {
            try pool.transaction(.readCommitted) { connection in
                let expiry = try connection.query("DELETE FROM vidk_challenges WHERE nonce = $1 RETURNING expires", [.bytes(Array(nonce.utf8))]).scalar.flatMap(Double.init)
                return expiry.map { $0 > now.timeIntervalSince1970 } ?? false
            }
        }
    }
}
