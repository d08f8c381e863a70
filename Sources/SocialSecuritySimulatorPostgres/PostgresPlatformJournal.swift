import Foundation
import PostgresSupport
import SocialSecurity
import SocialSecuritySimulator

/// A ``SocialSecuritySimulator/PlatformJournal`` on PostgreSQL: the one ledger of a simulated
/// platform whose instances run on several machines.
///
/// An append is one READ COMMITTED transaction that first locks the platform's row in
/// `vidk_platform_heads` (`SELECT … FOR UPDATE`): the instances of a platform decide one at a
/// time, and since each statement of a READ COMMITTED transaction reads what was committed when
/// it began, the changes read after the lock include every change committed before it. Reads
/// take no lock. Every failure throws `bureau-unavailable`.
public final class PostgresPlatformJournal: PlatformJournal {
    private let pool: PostgresPool
    private let platform: String

    /// Connects to the database at `url` with up to `poolSize` connections for the platform of
    /// `area`, and creates or migrates its tables.
    public init(url: String, area: InsuranceArea, poolSize: Int = 4) throws {
        pool = PostgresPool(url: url, size: poolSize)
        platform = area.code
        try Self.unavailable {
            try pool.migrate(component: "platform-journal", migrations: [[
                "CREATE TABLE vidk_platform_heads (platform TEXT PRIMARY KEY, position BIGINT NOT NULL)",
                """
                CREATE TABLE vidk_platform_journal (
                    platform TEXT NOT NULL, position BIGINT NOT NULL, payload BYTEA NOT NULL,
                    PRIMARY KEY (platform, position)
                )
                """,
            ]])
            try pool.transaction(.readCommitted) { connection in
                try connection.query("INSERT INTO vidk_platform_heads (platform, position) VALUES ($1, 0) ON CONFLICT (platform) DO NOTHING",
                                     [.text(platform)])
            }
        }
    }

    public func changes(after position: Int64) throws -> [PlatformJournalChange] {
        try Self.unavailable { try pool.transaction(.readCommitted) { try Self.changes(after: position, of: platform, in: $0) } }
    }

    public func append<Result>(after position: Int64, _ decide: ([PlatformJournalChange]) throws -> (change: Data?, result: Result)) throws
        -> (result: Result, position: Int64) {
        try Self.unavailable {
            try pool.transaction(.readCommitted) { connection in
                guard var last = try connection.query("SELECT position FROM vidk_platform_heads WHERE platform = $1 FOR UPDATE",
                                                      [.text(platform)]).scalar.flatMap({ Int64($0) })
                else { throw ConnectorError(.bureauUnavailable, "The platform journal has no head for \(platform).") }
                let (change, result) = try decide(try Self.changes(after: position, of: platform, in: connection))
                if let change {
                    last += 1
                    try connection.query("INSERT INTO vidk_platform_journal (platform, position, payload) VALUES ($1, $2, $3)",
                                         [.text(platform), .integer(last), .bytes(Array(change))])
                    try connection.query("UPDATE vidk_platform_heads SET position = $2 WHERE platform = $1", [.text(platform), .integer(last)])
                }
                return (result, last)
            }
        }
    }

    private static func changes(after position: Int64, of platform: String, in connection: PostgresConnection) throws -> [PlatformJournalChange] {
        try connection.query("SELECT position, payload FROM vidk_platform_journal WHERE platform = $1 AND position > $2 ORDER BY position",
                             [.text(platform), .integer(position)]).rows.map { row in
            guard let position = row[0].flatMap({ Int64($0) }), let payload = row[1]?.postgresBytes else {
                throw ConnectorError(.bureauUnavailable, "The platform journal holds a row it cannot read.")
            }
            return PlatformJournalChange(position: position, payload: Data(payload))
        }
    }

    @discardableResult
    private static func unavailable<Result>(_ body: () throws -> Result) throws -> Result {
        try PostgresError.rethrown(as: { ConnectorError(.bureauUnavailable, "The platform journal could not answer: \($0)") }, body)
    }
}
