import Foundation
import IDCore
import SQLiteSupport

/// A ``IDCore/ChallengeStore`` in an SQLite file: the durable embedded default for a verifier
/// that runs as one instance (several instances share a PostgreSQL store instead). A nonce
/// issued survives a restart and is redeemed once; expired nonces are deleted as new ones are
/// issued. Any SQLite failure throws `store-unavailable`: nothing is redeemed that could not
/// be looked up.
public final class SQLiteChallengeStore: ChallengeStore {
    private let database: SQLiteDatabase

    /// Opens the store in the database file at `path` (shared with the other SQLite stores of
    /// the process), creating or migrating its table.
    public init(path: String) throws {
        database = try storeUnavailable { try SQLiteDatabase.open(path: path) }
        try storeUnavailable {
            try database.migrate(component: "challenges", migrations: [[
                "CREATE TABLE vidk_challenges (nonce BLOB PRIMARY KEY, expires REAL NOT NULL) WITHOUT ROWID",
                "CREATE INDEX vidk_challenges_expires ON vidk_challenges (expires)",
            ]])
        }
    }

    public func issue(_ nonce: String, at now: Date, until expiry: Date) throws {
        try storeUnavailable {
            try database.transaction { connection in
                try connection.run("DELETE FROM vidk_challenges WHERE expires <= ?", [.real(now.timeIntervalSince1970)])
                try connection.run("""
                    INSERT INTO vidk_challenges (nonce, expires) VALUES (?, ?)
                    ON CONFLICT (nonce) DO UPDATE SET expires = max(expires, excluded.expires)
                    """, [.blob(Array(nonce.utf8)), .real(expiry.timeIntervalSince1970)])
            }
        }
    }

    public func redeem(_ nonce: String, at now: Date) throws -> Bool {
        try storeUnavailable {
            try database.transaction { connection in
                let expiry = try connection.rows("DELETE FROM vidk_challenges WHERE nonce = ? RETURNING expires", [.blob(Array(nonce.utf8))]).first?.first?.real
                return expiry.map { $0 > now.timeIntervalSince1970 } ?? false
            }
        }
    }
}
