import Foundation
import IDCore
import SQLiteSupport

/// A ``IDCore/StatusListStore`` in an SQLite file, for an issuer that runs as one instance:
/// indexes and revocations survive a restart. Each call is one transaction (`BEGIN IMMEDIATE`,
/// synced before it returns), so an index is recorded as handed out before the caller sees it.
public final class SQLiteStatusListStore: StatusListStore {
    private let database: SQLiteDatabase

    /// Opens the store in the database file at `path`, creating or migrating its tables.
    public init(path: String) throws {
        database = try storeUnavailable { try SQLiteDatabase.open(path: path) }
        try storeUnavailable {
            try database.migrate(component: "status-lists", migrations: [[
                "CREATE TABLE vidk_status_lists (uri TEXT PRIMARY KEY, bits INTEGER NOT NULL, capacity INTEGER NOT NULL, next_index INTEGER NOT NULL)",
                """
                CREATE TABLE vidk_status_entries (
                    uri TEXT NOT NULL REFERENCES vidk_status_lists (uri), idx INTEGER NOT NULL, status INTEGER NOT NULL,
                    PRIMARY KEY (uri, idx)
                ) WITHOUT ROWID
                """,
            ]])
        }
    }

    public func createList(_ uri: String, bitsPerStatus: Int, capacity: Int) throws {
        try storeUnavailable {
            try database.transaction { connection in
                try connection.run("INSERT INTO vidk_status_lists (uri, bits, capacity, next_index) VALUES (?, ?, ?, 0) ON CONFLICT (uri) DO NOTHING",
                                   [.text(uri), .integer(Int64(bitsPerStatus)), .integer(Int64(capacity))])
                let shape = try connection.rows("SELECT bits, capacity FROM vidk_status_lists WHERE uri = ?", [.text(uri)]).first
                guard shape?[0].integer == Int64(bitsPerStatus), shape?[1].integer == Int64(capacity) else {
                    throw Self.reshaped(uri, bitsPerStatus: bitsPerStatus, capacity: capacity)
                }
            }
        }
    }

    public func allocateIndex(in uri: String) throws -> Int {
        try storeUnavailable {
            try database.transaction { connection in
                if let index = try connection.rows("""
                    UPDATE vidk_status_lists SET next_index = next_index + 1 WHERE uri = ? AND next_index < capacity RETURNING next_index - 1
                    """, [.text(uri)]).first?[0].integer {
                    return Int(index)
                }
                guard let capacity = try connection.rows("SELECT capacity FROM vidk_status_lists WHERE uri = ?", [.text(uri)]).first?[0].integer else {
                    throw Self.unknownList(uri)
                }
                throw Self.full(uri, capacity: Int(capacity))
            }
        }
    }

    public func setStatus(_ value: UInt8, at index: Int, in uri: String) throws {
        try storeUnavailable {
            try database.transaction { connection in
                guard let handedOut = try connection.rows("SELECT next_index FROM vidk_status_lists WHERE uri = ?", [.text(uri)]).first?[0].integer else {
                    throw Self.unknownList(uri)
                }
                guard index >= 0, Int64(index) < handedOut else { throw Self.unallocated(index, in: uri) }
                let changed = try connection.rows("""
                    INSERT INTO vidk_status_entries (uri, idx, status) VALUES (?, ?, ?)
                    ON CONFLICT (uri, idx) DO UPDATE SET status = excluded.status WHERE vidk_status_entries.status <> 1
                    RETURNING idx
                    """, [.text(uri), .integer(Int64(index)), .integer(Int64(value))])
                guard !changed.isEmpty else { throw Self.revokedForGood(index, in: uri) }
            }
        }
    }

    public func statuses(in uri: String) throws -> [Int: UInt8] {
        try storeUnavailable {
            try database.read { connection in
                guard try !connection.rows("SELECT 1 FROM vidk_status_lists WHERE uri = ?", [.text(uri)]).isEmpty else { throw Self.unknownList(uri) }
                var statuses: [Int: UInt8] = [:]
                for row in try connection.rows("SELECT idx, status FROM vidk_status_entries WHERE uri = ? AND status <> 0", [.text(uri)]) {
                    guard let index = row[0].integer, let value = row[1].integer.flatMap(UInt8.init(exactly:)) else {
                        throw IDCoreError(.storeUnavailable, "Status list \(uri) holds an entry the store cannot read.")
                    }
                    statuses[Int(index)] = value
                }
                return statuses
            }
        }
    }
}
