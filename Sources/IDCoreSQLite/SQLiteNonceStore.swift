import Foundation
import IDCore
import SQLiteSupport

/// A ``IDCore/NonceStore`` in an SQLite file, for a gateway that runs as one instance: a nonce
/// seen is refused until it expires, across restarts. Any SQLite failure throws
/// `store-unavailable`, so the message is not run.
public final class SQLiteNonceStore: NonceStore {
    private let database: SQLiteDatabase

    /// Opens the store in the database file at `path`, creating or migrating its table.
    public init(path: String) throws {
        database = try storeUnavailable { try SQLiteDatabase.open(path: path) }
        try storeUnavailable {
            try database.migrate(component: "used-nonces", migrations: [[
                "CREATE TABLE vidk_used_nonces (nonce BLOB PRIMARY KEY, expires REAL NOT NULL) WITHOUT ROWID",
                "CREATE INDEX vidk_used_nonces_expires ON vidk_used_nonces (expires)",
            ]])
        }
    }

    public func consume(_ nonce: String, at now: Date, until expiry: Date) throws -> Bool {
        try storeUnavailable {
            try database.transaction { connection in
                let seconds = now.timeIntervalSince1970
                try connection.run("DELETE FROM vidk_used_nonces WHERE expires <= ?", [.real(seconds)])
                // After the delete only unexpired nonces remain: a conflict is a replay.
                return try connection.run("INSERT INTO vidk_used_nonces (nonce, expires) VALUES (?, ?) ON CONFLICT (nonce) DO NOTHING",
                                          [.blob(Array(nonce.utf8)), .real(expiry.timeIntervalSince1970)]) == 1
            }
        }
    }
}
