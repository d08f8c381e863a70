import Foundation
import IDCore
@testable import SocialSecurity
import SocialSecuritySimulator
import SocialSecurityPostgres
import SocialSecuritySQLite
import StoreTestSupport
import Testing

/// The idempotency stores the same contract tests run against; PostgreSQL when the tests have
/// a server.
enum IdempotencyStoreKind: String, CaseIterable, CustomTestStringConvertible {
    case memory, sqlite, postgres

    static var available: [IdempotencyStoreKind] { allCases.filter { $0 != .postgres || PostgresTestDatabase.url != nil } }

    func make(retention: TimeInterval = 24 * 3600) throws -> any IdempotencyStore {
        switch self {
        case .memory: InMemoryIdempotencyStore(retention: retention)
        case .sqlite: try SQLiteIdempotencyStore(path: TemporaryDatabase.path(), retention: retention)
        case .postgres: try PostgresIdempotencyStore(url: #require(try PostgresTestDatabase.freshSchemaURL()), retention: retention)
        }
    }

    var testDescription: String { rawValue }
}

/// A fresh SQLite file in the temporary directory, for one test.
enum TemporaryDatabase {
    static func path() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("vidk-\(UUID().uuidString).sqlite").path
    }
}

@Suite("Idempotency stores and journals answer or throw; they never guess")
struct StoreTests {
    private static let key = IdempotencyKey(partner: "H44030500017", messageID: "H44030500017202611251746400001")
    private static let settle = MessageFingerprint(transaction: "2207", inputDigest: "d1")
    private static let t0 = Date(timeIntervalSince1970: 1_795_600_000)

    @Test("A claim is a lease: in progress while it holds, granted anew once it lapses, and a lapsed holder cannot store",
          arguments: IdempotencyStoreKind.available)
    func leases(kind: IdempotencyStoreKind) async throws {
        // Through the protocol, as the gateway calls it.
        let store = try kind.make()
        guard case .granted(let first) = try await store.claim(Self.key, fingerprint: Self.settle, now: Self.t0, lease: 60) else {
            Issue.record("not granted"); return
        }
        #expect(try await store.claim(Self.key, fingerprint: Self.settle, now: Self.t0.addingTimeInterval(30), lease: 60) == .inProgress(until: Self.t0.addingTimeInterval(60)))
        guard case .granted(let second) = try await store.claim(Self.key, fingerprint: Self.settle, now: Self.t0.addingTimeInterval(61), lease: 60) else {
            Issue.record("a lapsed claim was not granted again"); return
        }
        #expect(first != second)
        let answer = StoredResponse(status: 200, body: Data("{}".utf8))
        await #expect(throws: ConnectorError(.internalError, "")) { try await store.complete(Self.key, token: first, response: answer, now: Self.t0.addingTimeInterval(62)) }
        try await store.complete(Self.key, token: second, response: answer, now: Self.t0.addingTimeInterval(62))
        #expect(try await store.claim(Self.key, fingerprint: Self.settle, now: Self.t0.addingTimeInterval(63), lease: 60) == .replay(answer))
    }

    @Test("A key is one transaction with one input; a reversed message never runs; a released claim runs again", arguments: IdempotencyStoreKind.available)
    func conflictsAndReversal(kind: IdempotencyStoreKind) async throws {
        let store = try kind.make()
        _ = try await store.claim(Self.key, fingerprint: Self.settle, now: Self.t0, lease: 60)
        let reversal = MessageFingerprint(transaction: "2208", inputDigest: "d1")
        #expect(try await store.claim(Self.key, fingerprint: reversal, now: Self.t0, lease: 60) == .conflict(Self.settle))
        #expect(try await store.claim(Self.key, fingerprint: MessageFingerprint(transaction: "2207", inputDigest: "d2"), now: Self.t0, lease: 60) == .conflict(Self.settle))
        let other = IdempotencyKey(partner: "H44030500017", messageID: "H44030500017202611251746400002")
        try await store.markReversed(other, now: Self.t0)
        #expect(try await store.claim(other, fingerprint: Self.settle, now: Self.t0, lease: 60) == .reversed)
        try await store.markReversed(Self.key, now: Self.t0)
        #expect(try await store.claim(Self.key, fingerprint: Self.settle, now: Self.t0, lease: 60) == .reversed)
        // A released claim may run again at once.
        let third = IdempotencyKey(partner: "H44030500017", messageID: "H44030500017202611251746400003")
        guard case .granted(let token) = try await store.claim(third, fingerprint: Self.settle, now: Self.t0, lease: 60) else { Issue.record("not granted"); return }
        try await store.release(third, token: token)
        guard case .granted = try await store.claim(third, fingerprint: Self.settle, now: Self.t0, lease: 60) else { Issue.record("a released claim was not granted"); return }
    }

    @Test("Thirty-two concurrent claims of one message: exactly one is granted", arguments: IdempotencyStoreKind.available)
    func concurrentClaims(kind: IdempotencyStoreKind) async throws {
        let store = try kind.make()
        let granted = try await withThrowingTaskGroup(of: Bool.self) { group in
            for _ in 0..<32 {
                group.addTask {
                    if case .granted = try await store.claim(Self.key, fingerprint: Self.settle, now: Self.t0, lease: 60) { return true }
                    return false
                }
            }
            return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(granted == 1)
    }

    @Test("The SQLite store keeps answers and claims across a restart and forgets answers after the retention")
    func sqliteDurability() async throws {
        let path = TemporaryDatabase.path()
        let first = try SQLiteIdempotencyStore(path: path, retention: 100)
        guard case .granted(let token) = try first.claim(Self.key, fingerprint: Self.settle, now: Self.t0, lease: 60) else { Issue.record("not granted"); return }
        let answer = StoredResponse(status: 200, body: Data(#"{"infcode":0}"#.utf8))
        try first.complete(Self.key, token: token, response: answer, now: Self.t0)
        let running = IdempotencyKey(partner: "H", messageID: "running")
        _ = try first.claim(running, fingerprint: Self.settle, now: Self.t0, lease: 60)
        let reopened = try SQLiteIdempotencyStore(path: path, retention: 100)
        #expect(try reopened.claim(Self.key, fingerprint: Self.settle, now: Self.t0.addingTimeInterval(50), lease: 60) == .replay(answer))
        #expect(try reopened.claim(running, fingerprint: Self.settle, now: Self.t0.addingTimeInterval(50), lease: 60) == .inProgress(until: Self.t0.addingTimeInterval(60)))
        guard case .granted = try reopened.claim(Self.key, fingerprint: Self.settle, now: Self.t0.addingTimeInterval(101), lease: 60) else {
            Issue.record("an answer past its retention was not forgotten"); return
        }
        // A file that is not a database: typed errors, never a guess.
        let garbage = TemporaryDatabase.path()
        try Data(repeating: 0x41, count: 4096).write(to: URL(fileURLWithPath: garbage))
        #expect(throws: ConnectorError(.bureauUnavailable, "")) { try SQLiteIdempotencyStore(path: garbage) }
    }

    @Test("Answers are kept for the retention, then forgotten; at capacity a new claim throws instead of forgetting")
    func retentionAndCapacity() async throws {
        let memory = InMemoryIdempotencyStore(retention: 100, capacity: 2)
        let store: any IdempotencyStore = memory
        for index in 1...2 {
            let key = IdempotencyKey(partner: "H", messageID: "m\(index)")
            guard case .granted(let token) = try await store.claim(key, fingerprint: Self.settle, now: Self.t0, lease: 60) else { Issue.record("not granted"); return }
            try await store.complete(key, token: token, response: StoredResponse(status: 200, body: Data()), now: Self.t0)
        }
        await #expect(throws: ConnectorError(.bureauUnavailable, "")) {
            try await store.claim(IdempotencyKey(partner: "H", messageID: "m3"), fingerprint: Self.settle, now: Self.t0.addingTimeInterval(50), lease: 60)
        }
        #expect(try await store.claim(IdempotencyKey(partner: "H", messageID: "m1"), fingerprint: Self.settle, now: Self.t0.addingTimeInterval(50), lease: 60)
            == .replay(StoredResponse(status: 200, body: Data())))
        guard case .granted = try await store.claim(IdempotencyKey(partner: "H", messageID: "m3"), fingerprint: Self.settle, now: Self.t0.addingTimeInterval(101), lease: 60) else {
            Issue.record("expired answers were not forgotten"); return
        }
        #expect(memory.count == 1)
    }

    @Test("The file journal keeps the first entry of a business id, cuts a torn last line and refuses a damaged one")
    func fileJournal() async throws {
        let journal = TemporaryJournal()
        defer { journal.remove() }
        let id = try MessageID("H44030500017202611251746400001")
        let input = SettlementReversalInput(settlementID: "S1", visitID: "V1", personNumber: "P1")
        let entry = JournalEntry(businessID: "reverse:S1", operation: .reversal(input), insuredArea: try InsuranceArea("440300"), messageID: id)
        let file = try journal.open()
        #expect(try await file.claim(entry) == entry)
        var other = entry
        other.messageID = try MessageID("H44030500017202611251746400002")
        #expect(try await file.claim(other).messageID == id)
        let attributes = try FileManager.default.attributesOfItem(atPath: journal.url.path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)

        // A crash mid-write leaves a line without its line feed: it is cut, and writing goes on.
        let handle = try FileHandle(forWritingTo: journal.url)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(#"{"businessID":"torn"#.utf8))
        try handle.close()
        let reopened = try journal.open()
        #expect(await reopened.pending().map(\.businessID) == ["reverse:S1"])
        var done = entry
        done.outcome = .refused(code: "not-found", reason: "no")
        try await reopened.record(done)
        #expect(await (try journal.open()).pending().isEmpty)

        // A damaged line before the end would hide an entry: the journal refuses to open.
        var text = try String(contentsOf: journal.url, encoding: .utf8)
        text = "garbage\n" + text
        try Data(text.utf8).write(to: journal.url)
        #expect(throws: ConnectorError(.journalUnavailable, "")) { try journal.open() }
    }
}
