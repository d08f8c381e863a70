import Foundation
import SocialSecurity
import SocialSecuritySimulator
import SQLiteSupport

/// A ``SocialSecuritySimulator/PlatformJournal`` in an SQLite file: a simulated platform whose
/// ledger outlives its process. Several platforms may share the file, each under its own area.
///
/// An append is one `BEGIN IMMEDIATE` transaction, which takes SQLite's write lock before it
/// reads the newer changes: instances on the one file decide one at a time, on the whole
/// journal. Every failure throws `bureau-unavailable`.
public final class SQLitePlatformJournal: PlatformJournal {
    private let database: SQLiteDatabase
    private let platform: String

    /// Opens the journal of the platform of `area` in the database file at `path`, creating or
    /// migrating its table.
    public init(path: String, area: InsuranceArea) throws {
        platform = area.code
        database = try Self.unavailable { try SQLiteDatabase.open(path: path) }
        try Self.unavailable {
            try database.migrate(component: "platform-journal", migrations: [[
                """
                CREATE TABLE vidk_platform_journal (
                    platform TEXT NOT NULL, position INTEGER NOT NULL, payload BLOB NOT NULL,
                    PRIMARY KEY (platform, position)
                ) WITHOUT ROWID
                """,
            ]])
        }
    }

    public func changes(after position: Int64) throws -> [PlatformJournalChange] {
        try Self.unavailable { try database.read { try Self.changes(after: position, of: platform, in: $0) } }
    }

    public func append<Result>(after position: Int64, _ decide: ([PlatformJournalChange]) throws -> (change: Data?, result: Result)) throws
        -> (result: Result, position: Int64) {
        try Self.unavailable {
            try database.transaction { connection in
                let newer = try Self.changes(after: position, of: platform, in: connection)
                var last = try connection.rows("SELECT COALESCE(MAX(position), 0) FROM vidk_platform_journal WHERE platform = ?", [.text(platform)])
                    .first?.first?.integer ?? 0
                let (change, result) = try decide(newer)
                if let change {
                    last += 1
                    try connection.run("INSERT INTO vidk_platform_journal (platform, position, payload) VALUES (?, ?, ?)",
                                       [.text(platform), .integer(last), .blob(Array(change))])
                }
                return (result, last)
            }
        }
    }

    private static func changes(after position: Int64, of platform: String, in connection: SQLiteConnection) throws -> [PlatformJournalChange] {
        try connection.rows("SELECT position, payload FROM vidk_platform_journal WHERE platform = ? AND position > ? ORDER BY position",
                            [.text(platform), .integer(position)]).map { row in
            guard let position = row[0].integer, case .blob(let payload) = row[1] else {
                throw ConnectorError(.bureauUnavailable, "The platform journal holds a row it cannot read.")
            }
            return PlatformJournalChange(position: position, payload: Data(payload))
        }
    }

    @discardableResult
    private static func unavailable<Result>(_ body: () throws -> Result) throws -> Result {
        try SQLiteError.rethrown(as: { ConnectorError(.bureauUnavailable, "The platform journal could not answer: \($0)") }, body)
    }
}
