import Foundation
import IDCore
import PostgresSupport
import SocialSecurity

/// A ``SocialSecurity/SettlementJournal`` on PostgreSQL, for a partner service (a hospital's
/// cashiers) that runs several instances: the first claim of a business id wins at every
/// instance, and the others continue that entry instead of settling again.
///
/// Claims are one READ COMMITTED `INSERT … ON CONFLICT DO NOTHING` under the unique business
/// id, followed by a read of the row that won; records are upserts. Each call is committed
/// (PostgreSQL's `synchronous_commit`, on by default, makes it durable) before it returns.
/// Every failure throws `journal-unavailable`, so nothing is sent that was not journaled first.
public final class PostgresSettlementJournal: SettlementJournal {
    private let pool: PostgresPool

    /// Connects to the database at `url` with up to `poolSize` connections, and creates or
    /// migrates the table.
    public init(url: String, poolSize: Int = 4) throws {
        pool = PostgresPool(url: url, size: poolSize)
        try Self.unavailable {
            try pool.migrate(component: "settlement-journal", migrations: [[
                """
                CREATE TABLE vidk_settlement_journal (
                    sequence BIGSERIAL PRIMARY KEY,
                    business_id TEXT NOT NULL UNIQUE,
                    pending BOOLEAN NOT NULL,
                    settled_at DOUBLE PRECISION,
                    entry TEXT NOT NULL
                )
                """,
                "CREATE INDEX vidk_settlement_journal_pending ON vidk_settlement_journal (sequence) WHERE pending",
                "CREATE INDEX vidk_settlement_journal_settled ON vidk_settlement_journal (settled_at) WHERE settled_at IS NOT NULL",
            ], [
                "CREATE TABLE vidk_settlement_leases (business_id TEXT PRIMARY KEY, holder TEXT NOT NULL, until DOUBLE PRECISION NOT NULL)",
            ]])
        }
    }

    public func claim(_ entry: JournalEntry) throws -> JournalEntry {
        let columns = try Self.columns(entry)
        return try Self.unavailable {
            try pool.transaction(.readCommitted) { connection in
                let inserted = try connection.query("""
                    INSERT INTO vidk_settlement_journal (business_id, pending, settled_at, entry) VALUES ($1, $2, $3, $4)
                    ON CONFLICT (business_id) DO NOTHING
                    """, columns).changed
                if inserted == 1 { return entry }
                return try Self.entry(entry.businessID, in: connection) ?? entry
            }
        }
    }

    public func record(_ entry: JournalEntry) throws {
        let columns = try Self.columns(entry)
        try Self.unavailable {
            try pool.transaction(.readCommitted) { connection in
                try connection.query("""
                    INSERT INTO vidk_settlement_journal (business_id, pending, settled_at, entry) VALUES ($1, $2, $3, $4)
                    ON CONFLICT (business_id) DO UPDATE SET pending = excluded.pending, settled_at = excluded.settled_at, entry = excluded.entry
                    """, columns)
            }
        }
    }

    /// One upsert whose `WHERE` lets it take the row only from the same holder or a lapsed
    /// lease: of two instances, the primary key's lock lets one win.
    public func acquireLease(_ businessID: String, holder: String, now: Date, until: Date) throws -> Bool {
        try Self.unavailable {
            try pool.transaction(.readCommitted) { connection in
                try connection.query("""
                    INSERT INTO vidk_settlement_leases (business_id, holder, until) VALUES ($1, $2, $3)
                    ON CONFLICT (business_id) DO UPDATE SET holder = excluded.holder, until = excluded.until
                    WHERE vidk_settlement_leases.holder = excluded.holder OR vidk_settlement_leases.until <= $4
                    """, [.text(businessID), .text(holder), .double(until.timeIntervalSince1970), .double(now.timeIntervalSince1970)]).changed == 1
            }
        }
    }

    public func releaseLease(_ businessID: String, holder: String) throws {
        try Self.unavailable {
            try pool.transaction(.readCommitted) { connection in
                try connection.query("DELETE FROM vidk_settlement_leases WHERE business_id = $1 AND holder = $2", [.text(businessID), .text(holder)])
            }
        }
    }

    public func entry(_ businessID: String) throws -> JournalEntry? {
        try Self.unavailable { try pool.transaction(.readCommitted) { try Self.entry(businessID, in: $0) } }
    }

    public func pending() throws -> [JournalEntry] {
        try entries(where: "pending", [])
    }

    public func completed(in period: ReconciliationPeriod) throws -> [JournalEntry] {
        let instants = period.instants
        return try entries(where: "settled_at >= $1 AND settled_at < $2", [.double(instants.lowerBound.timeIntervalSince1970), .double(instants.upperBound.timeIntervalSince1970)])
    }

    private func entries(where condition: String, _ parameters: [PostgresValue]) throws -> [JournalEntry] {
        try Self.unavailable {
            try pool.transaction(.readCommitted) { connection in
                try connection.query("SELECT entry FROM vidk_settlement_journal WHERE \(condition) ORDER BY sequence", parameters).rows.map { try JournalEntry(storedJSON: $0[0]) }
            }
        }
    }

    private static func entry(_ businessID: String, in connection: PostgresConnection) throws -> JournalEntry? {
        try connection.query("SELECT entry FROM vidk_settlement_journal WHERE business_id = $1", [.text(businessID)]).first.map { try JournalEntry(storedJSON: $0[0]) }
    }

    private static func columns(_ entry: JournalEntry) throws -> [PostgresValue] {
        [.text(entry.businessID), .text(entry.isPending ? "true" : "false"), entry.record.map { .double($0.info.settledAt.timeIntervalSince1970) } ?? .null,
         .text(try entry.storedJSON)]
    }

    @discardableResult
    private static func unavailable<Result>(_ body: () throws -> Result) throws -> Result {
        try PostgresError.rethrown(as: { ConnectorError(.journalUnavailable, "The settlement journal could not answer: \($0)") }, body)
    }
}
