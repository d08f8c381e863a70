import Foundation
import IDCore
import PostgresSupport

/// A ``IDCore/StatusListStore`` on PostgreSQL, shared by every instance of an issuer.
///
/// READ COMMITTED throughout, as each operation is one statement on one row: handing out an
/// index is an `UPDATE … RETURNING` that row-locks the list, so two instances never get the same
/// index (the second waits and re-reads the row); a status is an upsert whose condition leaves a
/// revoked entry as it is, decided under the entry's lock.
public final class PostgresStatusListStore: StatusListStore {
    private let pool: PostgresPool

    /// Connects to the database at `url` with up to `poolSize` connections, and creates or
    /// migrates the tables.
    public init(url: String, poolSize: Int = 4) throws {
        pool = PostgresPool(url: url, size: poolSize)
        try storeUnavailable {
            try pool.migrate(component: "status-lists", migrations: [[
                "CREATE TABLE vidk_status_lists (uri TEXT PRIMARY KEY, bits INTEGER NOT NULL, capacity INTEGER NOT NULL, next_index INTEGER NOT NULL)",
                """
                CREATE TABLE vidk_status_entries (
                    uri TEXT NOT NULL REFERENCES vidk_status_lists (uri), idx INTEGER NOT NULL, status SMALLINT NOT NULL,
                    PRIMARY KEY (uri, idx)
                )
                """,
            ]])
        }
    }

    public func createList(_ uri: String, bitsPerStatus: Int, capacity: Int) throws {
        try storeUnavailable {
            try pool.transaction(.readCommitted) { connection in
                try connection.query("INSERT INTO vidk_status_lists (uri, bits, capacity, next_index) VALUES ($1, $2, $3, 0) ON CONFLICT (uri) DO NOTHING",
                                     [.text(uri), .integer(Int64(bitsPerStatus)), .integer(Int64(capacity))])
                let shape = try connection.query("SELECT bits, capacity FROM vidk_status_lists WHERE uri = $1", [.text(uri)]).first
                guard shape?[0] == String(bitsPerStatus), shape?[1] == String(capacity) else {
                    throw Self.reshaped(uri, bitsPerStatus: bitsPerStatus, capacity: capacity)
                }
            }
        }
    }

    public func allocateIndex(in uri: String) throws -> Int {
        try storeUnavailable {
            try pool.transaction(.readCommitted) { connection in
                if let index = try connection.query("""
                    UPDATE vidk_status_lists SET next_index = next_index + 1 WHERE uri = $1 AND next_index < capacity RETURNING next_index - 1
                    """, [.text(uri)]).scalar.flatMap({ Int($0) }) {
                    return index
                }
                guard let capacity = try connection.query("SELECT capacity FROM vidk_status_lists WHERE uri = $1", [.text(uri)]).scalar.flatMap({ Int($0) })
                else { throw Self.unknownList(uri) }
                throw Self.full(uri, capacity: capacity)
            }
        }
    }

    public func setStatus(_ value: UInt8, at index: Int, in uri: String) throws {
        try storeUnavailable {
            try pool.transaction(.readCommitted) { connection in
                guard let handedOut = try connection.query("SELECT next_index FROM vidk_status_lists WHERE uri = $1", [.text(uri)]).scalar
                    .flatMap({ Int($0) })
                else { throw Self.unknownList(uri) }
                guard index >= 0, index < handedOut else { throw Self.unallocated(index, in: uri) }
                let changed = try connection.query("""
                    INSERT INTO vidk_status_entries (uri, idx, status) VALUES ($1, $2, $3)
                    ON CONFLICT (uri, idx) DO UPDATE SET status = excluded.status WHERE vidk_status_entries.status <> 1
                    """, [.text(uri), .integer(Int64(index)), .integer(Int64(value))]).changed
                guard changed == 1 else { throw Self.revokedForGood(index, in: uri) }
            }
        }
    }

    public func statuses(in uri: String) throws -> [Int: UInt8] {
        try storeUnavailable {
            try pool.transaction(.readCommitted) { connection in
                guard try connection.query("SELECT 1 FROM vidk_status_lists WHERE uri = $1", [.text(uri)]).first != nil else { throw Self.unknownList(uri) }
                var statuses: [Int: UInt8] = [:]
                for row in try connection.query("SELECT idx, status FROM vidk_status_entries WHERE uri = $1 AND status <> 0", [.text(uri)]).rows {
                    guard let index = row[0].flatMap({ Int($0) }), let value = row[1].flatMap({ UInt8($0) }) else {
                        throw IDCoreError(.storeUnavailable, "Status list \(uri) holds an entry the store cannot read.")
                    }
                    statuses[index] = value
                }
                return statuses
            }
        }
    }
}
