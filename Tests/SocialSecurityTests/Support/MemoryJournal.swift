import Foundation
import SocialSecurity
import SocialSecurityPostgres
import SocialSecuritySQLite
import StoreTestSupport
import Testing

/// The journals the same contract tests run against: the file journal, the SQLite one, and
/// the PostgreSQL one when the tests have a server.
enum JournalKind: String, CaseIterable, CustomTestStringConvertible {
    case file, sqlite, postgres

    static var available: [JournalKind] { allCases.filter { $0 != .postgres || PostgresTestDatabase.url != nil } }

    /// Where a new journal of this kind lives: a temporary file, or a fresh PostgreSQL schema.
    func location() throws -> String {
        switch self {
        case .file, .sqlite: FileManager.default.temporaryDirectory.appendingPathComponent("journal-\(UUID().uuidString)").path
        case .postgres: try #require(try PostgresTestDatabase.freshSchemaURL())
        }
    }

    /// Opens (or reopens) the journal of this kind at `location`.
    func open(_ location: String) throws -> any SettlementJournal {
        switch self {
        case .file: try FileSettlementJournal(url: URL(fileURLWithPath: location))
        case .sqlite: try SQLiteSettlementJournal(path: location)
        case .postgres: try PostgresSettlementJournal(url: location)
        }
    }

    var testDescription: String { rawValue }
}

/// A temporary journal file, removed when the test ends.
struct TemporaryJournal {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("journal-\(UUID().uuidString).jsonl")

    func open() throws -> FileSettlementJournal { try FileSettlementJournal(url: url) }

    func remove() { try? FileManager.default.removeItem(at: url) }
}
