import Foundation
import IDCore
import IDCorePostgres
import SocialSecurity
import SocialSecurityPostgres
import SocialSecuritySimulator
import SocialSecuritySimulatorPostgres
import StoreTestSupport
import Testing

/// Run on their own by `.ci/run` (they stop the server every other PostgreSQL test uses), with
/// `VIRTUALIDKIT_POSTGRES_DIR` naming the throwaway cluster.
@Suite("Stores across a PostgreSQL outage: typed errors while it is down, the right answers after",
       .enabled(if: ProcessInfo.processInfo.environment["VIRTUALIDKIT_POSTGRES_DIR"] != nil && PostgresTestDatabase.url != nil,
                "VIRTUALIDKIT_POSTGRES_DIR is not set (.ci/run runs these after the other tests)"))
struct DatabaseOutageTests {
    private static let t0 = Date(timeIntervalSince1970: 1_795_600_000)

    private func server(_ action: String) throws {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent(".ci/postgres")
        let process = Process()
        process.executableURL = script
        process.arguments = [action, try #require(ProcessInfo.processInfo.environment["VIRTUALIDKIT_POSTGRES_DIR"])]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(action)")
    }

    @Test("A crashed database gives bureau-unavailable, store-unavailable and journal-unavailable, never a grant, an index or an append; after it restarts, what was stored is there")
    func outage() throws {
        let url = try #require(try PostgresTestDatabase.freshSchemaURL())
        let idempotency = try PostgresIdempotencyStore(url: url, poolSize: 2)
        let nonces = try PostgresNonceStore(url: url, poolSize: 2)
        let journal = try PostgresSettlementJournal(url: url, poolSize: 2)
        let ledger = try PostgresPlatformJournal(url: url, area: InsuranceArea("440300"), poolSize: 2)
        let statusLists = try PostgresStatusListStore(url: url, poolSize: 2)
        try statusLists.createList("https://id.gz.gov.cn/status/1", bitsPerStatus: 2, capacity: 16)
        #expect(try statusLists.allocateIndex(in: "https://id.gz.gov.cn/status/1") == 0)
        _ = try ledger.append(after: 0) { _ in (Data("before".utf8), ()) }
        let key = IdempotencyKey(partner: "H44030500017", messageID: "H44030500017202612011200000001")
        let fingerprint = MessageFingerprint(transaction: "2207", inputDigest: "d")
        guard case .granted = try idempotency.claim(key, fingerprint: fingerprint, now: Self.t0, lease: 600) else { Issue.record("not granted"); return }
        #expect(try nonces.consume("H\u{0}n1", at: Self.t0, until: Self.t0.addingTimeInterval(600)))

        try server("down")
        var restarted = false
        defer { if !restarted { try? server("up") } }
        #expect(throws: ConnectorError(.bureauUnavailable, "")) { try idempotency.claim(key, fingerprint: fingerprint, now: Self.t0, lease: 600) }
        #expect(throws: ConnectorError(.bureauUnavailable, "")) {
            try idempotency.claim(IdempotencyKey(partner: "H", messageID: "new"), fingerprint: fingerprint, now: Self.t0, lease: 600)
        }
        #expect(throws: IDCoreError(.storeUnavailable, "")) { try nonces.consume("H\u{0}n1", at: Self.t0, until: Self.t0.addingTimeInterval(600)) }
        #expect(throws: ConnectorError(.journalUnavailable, "")) { try journal.pending() }
        #expect(throws: ConnectorError(.bureauUnavailable, "")) { try ledger.append(after: 1) { _ in (Data("during".utf8), ()) } }
        #expect(throws: IDCoreError(.storeUnavailable, "")) { try statusLists.allocateIndex(in: "https://id.gz.gov.cn/status/1") }

        try server("up")
        restarted = true
        // The pools drop their broken connections and reconnect; the state is as it was.
        #expect(try idempotency.claim(key, fingerprint: fingerprint, now: Self.t0, lease: 600) == .inProgress(until: Self.t0.addingTimeInterval(600)))
        #expect(try !nonces.consume("H\u{0}n1", at: Self.t0, until: Self.t0.addingTimeInterval(600)))
        #expect(try journal.pending().isEmpty)
        #expect(try ledger.changes(after: 0).map(\.payload) == [Data("before".utf8)], "nothing appended while the database was down")
        #expect(try statusLists.allocateIndex(in: "https://id.gz.gov.cn/status/1") == 1, "no index handed out while it was down")
        guard case .granted = try idempotency.claim(IdempotencyKey(partner: "H", messageID: "new"), fingerprint: fingerprint, now: Self.t0, lease: 600) else {
            Issue.record("a new message was not granted after the restart"); return
        }
    }
}
