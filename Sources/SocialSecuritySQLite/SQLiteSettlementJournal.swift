import Foundation
import IDCore
import SocialSecurity
import SQLiteSupport

/// A ``SocialSecurity/SettlementJournal`` in an SQLite file: the durable embedded default for a
/// partner service that runs as one instance, in place of a hand-written journal file. Each
/// claim and record is a committed transaction, synced to disk (`synchronous = FULL`) before
/// the call returns; entries keep the order they were first recorded in. Every SQLite failure
/// throws `journal-unavailable`, so nothing is sent that was not journaled first.
public final class SQLiteSettlementJournal: SettlementJournal {
    private let database: SQLiteDatabase

    /// Opens the journal in the database file at `path`, creating or migrating its table.
    public init(path: String) throws {
        database = try Self.unavailable { try SQLiteDatabase.open(path: path) }
        try Self.unavailable {
            try database.migrate(component: "settlement-journal", migrations: [[
                """
                CREATE TABLE vidk_settlement_journal (
                    sequence INTEGER PRIMARY KEY AUTOINCREMENT,
                    business_id TEXT NOT NULL UNIQUE,
                    pending INTEGER NOT NULL,
                    settled_at REAL,
                    entry TEXT NOT NULL
                )
                """,
                "CREATE INDEX vidk_settlement_journal_pending ON vidk_settlement_journal (pending) WHERE pending = 1",
                "CREATE INDEX vidk_settlement_journal_settled ON vidk_settlement_journal (settled_at) WHERE settled_at IS NOT NULL",
            ], [
                "CREATE TABLE vidk_settlement_leases (business_id TEXT PRIMARY KEY, holder TEXT NOT NULL, until REAL NOT NULL) WITHOUT ROWID",
            ]])
        }
    }

    public func claim(_ entry: JournalEntry) throws -> JournalEntry {
        let encoded = try entry.storedJSON
        return try Self.unavailable {
            try database.transaction { connection in
                let inserted = try connection.run("""
                    INSERT INTO vidk_settlement_journal (business_id, pending, settled_at, entry) VALUES (?, ?, ?, ?)
                    ON CONFLICT (business_id) DO NOTHING
                    """, [.text(entry.businessID)] + Self.columns(entry, encoded))
                if inserted == 1 { return entry }
                return try Self.entry(entry.businessID, in: connection) ?? entry
            }
        }
    }

    public func record(_ entry: JournalEntry) throws {
        let encoded = try entry.storedJSON
        try Self.unavailable {
            try database.transaction { connection in
                try connection.run("""
                    INSERT INTO vidk_settlement_journal (business_id, pending, settled_at, entry) VALUES (?, ?, ?, ?)
                    ON CONFLICT (business_id) DO UPDATE SET pending = excluded.pending, settled_at = excluded.settled_at, entry = excluded.entry
                    """, [.text(entry.businessID)] + Self.columns(entry, encoded))
            }
        }
    }

    public func acquireLease(_ businessID: String, holder: String, now: Date, until: Date) throws -> Bool {
        try Self.unavailable {
            try database.transaction { connection in
                try connection.run("""
                    INSERT INTO vidk_settlement_leases (business_id, holder, until) VALUES (?, ?, ?)
                    ON CONFLICT (business_id) DO UPDATE SET holder = excluded.holder, until = excluded.until
                    WHERE vidk_settlement_leases.holder = excluded.holder OR vidk_settlement_leases.until <= ?
                    """, [.text(businessID), .text(holder), .real(until.timeIntervalSince1970), .real(now.timeIntervalSince1970)]) == 1
            }
        }
    }

    public func releaseLease(_ businessID: String, holder: String) throws {
        try Self.unavailable {
            try database.transaction { connection in
                try connection.run("DELETE FROM vidk_settlement_leases WHERE business_id = ? AND holder = ?", [.text(businessID), .text(holder)])
            }
        }
    }

    public func entry(_ businessID: String) throws -> JournalEntry? {
        try Self.unavailable { try database.read { try Self.entry(businessID, in: $0) } }
    }

    public func pending() throws -> [JournalEntry] {
        try entries(where: "pending = 1", [])
    }

    public func completed(in period: ReconciliationPeriod) throws -> [JournalEntry] {
        let instants = period.instants
        return try entries(where: "settled_at >= ? AND settled_at < ?", [.real(instants.lowerBound.timeIntervalSince1970), .real(instants.upperBound.timeIntervalSince1970)])
    }

    private func entries(where condition: String, _ parameters: [SQLiteValue]) throws -> [JournalEntry] {
        try Self.unavailable {
            try database.read { connection in
                try connection.rows("SELECT entry FROM vidk_settlement_journal WHERE \(condition) ORDER BY sequence", parameters).map { try Self.decoded($0[0]) }
            }
        }
    }

    private static func entry(_ businessID: String, in connection: SQLiteConnection) throws -> JournalEntry? {
        try connection.rows("SELECT entry FROM vidk_settlement_journal WHERE business_id = ?", [.text(businessID)]).first.map { try decoded($0[0]) }
    }

    private static func columns(_ entry: JournalEntry, _ encoded: String) -> [SQLiteValue] {
        [.integer(entry.isPending ? 1 : 0), entry.record.map { .real($0.info.settledAt.timeIntervalSince1970) } ?? .null, .text(encoded)]
    }

    private static func decoded(_ value: SQLiteValue) throws -> JournalEntry {
        try JournalEntry(storedJSON: value.text)
    }

    @discardableResult
    private static func unavailable<Result>(_ body: () throws -> Result) throws -> Result {
        try SQLiteError.rethrown(as: { ConnectorError(.journalUnavailable, "The settlement journal could not answer: \($0)") }, body)
    }
}
