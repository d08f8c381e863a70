import Foundation
@testable import SocialSecurity
import SocialSecuritySimulator
import SocialSecuritySimulatorPostgres
import SocialSecuritySimulatorSQLite
import StoreTestSupport
import Synchronization
import Testing

/// Where a simulated platform's journal lives in a test.
enum PlatformJournalKind: String, CaseIterable, CustomTestStringConvertible {
    case memory, sqlite, postgres

    static var available: [PlatformJournalKind] { allCases.filter { $0 != .postgres || PostgresTestDatabase.url != nil } }

    /// Opens journals of this kind on one new location: each call of the result is another
    /// process's view of the same journal (the in-memory one has a single view).
    func location() throws -> () throws -> any PlatformJournal {
        let area = PlatformFixture.shenzhenArea
        switch self {
        case .memory:
            let journal = InMemoryPlatformJournal()
            return { journal }
        case .sqlite:
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("platform-\(UUID().uuidString).sqlite").path
            return { try SQLitePlatformJournal(path: path, area: area) }
        case .postgres:
            let url = try #require(try PostgresTestDatabase.freshSchemaURL())
            return { try PostgresPlatformJournal(url: url, area: area) }
        }
    }

    var testDescription: String { rawValue }
}

@Suite("A simulated platform's journal keeps its ledger across instances and restarts")
struct PlatformJournalTests {
    @Test("Changes come back in order; a decision sees the changes appended since; a refused decision appends nothing",
          arguments: PlatformJournalKind.available)
    func contract(kind: PlatformJournalKind) throws {
        let open = try kind.location()
        let journal = try open()
        for text in ["a", "b"] {
            let (_, position) = try journal.append(after: Int64(text == "a" ? 0 : 1)) { newer in
                #expect(newer.isEmpty)
                return (Data(text.utf8), ())
            }
            #expect(position == (text == "a" ? 1 : 2))
        }
        // An instance that has seen nothing is shown both changes before it decides.
        let (seen, position) = try open().append(after: 0) { newer in (Data("c".utf8), newer.map { String(decoding: $0.payload, as: UTF8.self) }) }
        #expect(seen == ["a", "b"] && position == 3)
        #expect(throws: ConnectorError.self) {
            try journal.append(after: 3) { _ -> (change: Data?, result: Void) in throw ConnectorError(.notFound, "refused") }
        }
        let (_, unchanged) = try journal.append(after: 3) { _ in (nil, ()) }
        #expect(unchanged == 3)
        #expect(try open().changes(after: 1).map(\.position) == [2, 3])
    }

    @Test("Two instances appending at once: every change once, positions without gaps, each decision on all that came before",
          arguments: PlatformJournalKind.available)
    func concurrentAppends(kind: PlatformJournalKind) async throws {
        let open = try kind.location()
        let views = [try open(), try open()]
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (instance, journal) in views.enumerated() {
                group.addTask {
                    var known: Int64 = 0
                    for step in 0..<20 {
                        let (_, position) = try journal.append(after: known) { newer in
                            // A decision is made on the whole journal: it counts what it has not seen.
                            #expect(newer.first.map { $0.position == known + 1 } ?? true)
                            return (Data("\(instance)-\(step)".utf8), ())
                        }
                        known = position
                    }
                }
            }
            try await group.waitForAll()
        }
        let all = try open().changes(after: 0)
        #expect(all.map(\.position) == Array(1...40))
        #expect(Set(all.map(\.payload)).count == 40)
    }

    @Test("A platform restarted on its journal has the ledger it had: the settlement, the balance, and a repeat answered as before",
          arguments: PlatformJournalKind.available)
    func restart(kind: PlatformJournalKind) async throws {
        let fixture = try PlatformFixture(shenzhenJournal: kind.location()())
        let session = try await fixture.session()
        let (visit, _, input) = try await ExactlyOnceTests().billedVisit(fixture, session: session)
        let journal = TemporaryJournal()
        defer { journal.remove() }
        let first = try await SettlementDesk(session: session, journal: journal.open()).settle(input, insuredArea: visit.insuredArea)
        let restarted = fixture.shenzhenInstance()
        #expect(try await restarted.records(of: PlatformFixture.hospital) == fixture.shenzhen.records(of: PlatformFixture.hospital))
        #expect(try await restarted.person(fixture.wang.personNumber)?.insurance == fixture.shenzhen.person(fixture.wang.personNumber)?.insurance)
        let gateway = BureauGateway(platformArea: PlatformFixture.shenzhenArea, signingKey: fixture.shenzhenKey, partners: fixture.partners, handler: restarted,
                                    nonceStore: fixture.nonceStore, idempotencyStore: InMemoryIdempotencyStore(), clock: fixture.clock.closure)
        let again = try await fixture.session(transport: InProcessTransport(gateways: [PlatformFixture.shenzhenEndpoint: gateway]), terminal: 2)
        let repeated = try await SettlementDesk(session: again, journal: TemporaryJournal().open()).settle(input, insuredArea: visit.insuredArea)
        #expect(repeated.isRepeat && repeated.record == first.record)
        #expect(try await restarted.records(of: PlatformFixture.hospital).count == 1)
    }

    /// A journal whose next append fails after the platform decided, as a commit that does not
    /// come back would: the journal does not have the change.
    private final class FailingAfterDecision: PlatformJournal {
        let inner = InMemoryPlatformJournal()
        let failNext = Mutex(false)

        func changes(after position: Int64) throws -> [PlatformJournalChange] { inner.changes(after: position) }

        func append<Result>(after position: Int64, _ decide: ([PlatformJournalChange]) throws -> (change: Data?, result: Result)) throws
            -> (result: Result, position: Int64) {
            guard failNext.withLock({ $0 }) else { return try inner.append(after: position, decide) }
            failNext.withLock { $0 = false }
            _ = try decide(inner.changes(after: position))
            throw ConnectorError(.bureauUnavailable, "injected: the commit did not come back")
        }
    }

    @Test("A settlement decided but never journaled is not kept in memory: the retry settles it once, as the journal has it")
    func appendFailingAfterDecision() async throws {
        let journal = FailingAfterDecision()
        let fixture = try PlatformFixture(shenzhenJournal: journal)
        let session = try await fixture.session()
        let (visit, _, input) = try await ExactlyOnceTests().billedVisit(fixture, session: session)
        let deskJournal = TemporaryJournal()
        defer { deskJournal.remove() }
        let desk = SettlementDesk(session: session, journal: try deskJournal.open())
        journal.failNext.withLock { $0 = true }
        // The connector retries the answer `bureau-unavailable`; if it gives up, recovery resends.
        let record: SettlementResult
        do {
            record = try await desk.settle(input, insuredArea: visit.insuredArea).record
        } catch {
            record = try #require(try await desk.recoverPending().first?.record)
        }
        // What this instance answered is what the journal holds: a fresh instance agrees.
        #expect(try await fixture.shenzhen.records(of: PlatformFixture.hospital).map(\.settlementID) == [record.info.settlementID])
        #expect(try await fixture.shenzhenInstance().records(of: PlatformFixture.hospital).map(\.settlementID) == [record.info.settlementID])
    }
}
