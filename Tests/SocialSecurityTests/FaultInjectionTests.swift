import Foundation
import IDCore
import SocialSecurity
import SocialSecuritySimulator
import Synchronization
import Testing

/// A transport that loses, repeats and fails deliveries at random, from a seed.
final class FaultyTransport: ConnectorTransport {
    private let inner: any ConnectorTransport
    private let state: Mutex<(seed: UInt64, counts: [String: Int])>

    init(inner: any ConnectorTransport, seed: UInt64) {
        self.inner = inner
        state = Mutex((seed, [:]))
    }

    var counts: [String: Int] { state.withLock { $0.counts } }

    /// A uniform draw in 0..<1 (SplitMix64), counting the fault it picks.
    private func draw(_ fault: (Double) -> String) -> String {
        state.withLock { state in
            state.seed &+= 0x9E37_79B9_7F4A_7C15
            var mixed = state.seed
            mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
            mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
            let name = fault(Double((mixed ^ (mixed >> 31)) >> 11) / Double(1 << 53))
            state.counts[name, default: 0] += 1
            return name
        }
    }

    func send(_ request: ConnectorHTTPRequest, to endpoint: URL) async throws -> ConnectorHTTPResponse {
        let fault = draw { roll in
            switch roll {
            case ..<0.08: "request lost"
            case ..<0.16: "answer lost"
            case ..<0.22: "timeout after delivery"
            case ..<0.28: "delivered twice"
            case ..<0.33: "unsigned 503"
            default: "delivered"
            }
        }
        switch fault {
        case "request lost":
            throw ConnectorError(.transportFailure, "injected: request lost")
        case "answer lost", "timeout after delivery":
            _ = try await inner.send(request, to: endpoint)
            throw ConnectorError(.transportFailure, "injected: \(fault)")
        case "delivered twice":
            async let first = inner.send(request, to: endpoint)
            async let second = inner.send(request, to: endpoint)
            let answers = try await [first, second]
            return answers[answers[0].status == 200 ? 0 : 1]
        case "unsigned 503":
            return ConnectorHTTPResponse(status: 503, headers: try ConnectorHTTPHeaders([("Retry-After", "0")]))
        default:
            return try await inner.send(request, to: endpoint)
        }
    }
}

/// A journal that fails, once armed, when it records an outcome: the process crashing after
/// the platform answered and before the answer reached the journal.
actor CrashingJournal: SettlementJournal {
    private let inner: FileSettlementJournal
    private var armed = false

    init(_ inner: FileSettlementJournal) {
        self.inner = inner
    }

    func arm() { armed = true }

    func claim(_ entry: JournalEntry) async throws -> JournalEntry { try await inner.claim(entry) }

    func record(_ entry: JournalEntry) async throws {
        if armed, !entry.isPending {
            armed = false
            throw ConnectorError(.journalUnavailable, "injected: the process died before recording the outcome")
        }
        try await inner.record(entry)
    }

    func entry(_ businessID: String) async -> JournalEntry? { await inner.entry(businessID) }
    func pending() async -> [JournalEntry] { await inner.pending() }
    func completed(in period: ReconciliationPeriod) async -> [JournalEntry] { await inner.completed(in: period) }
    func acquireLease(_ businessID: String, holder: String, now: Date, until: Date) async -> Bool {
        await inner.acquireLease(businessID, holder: holder, now: now, until: until)
    }
    func releaseLease(_ businessID: String, holder: String) async { await inner.releaseLease(businessID, holder: holder) }
}

@Suite("Fault injection: no settlement or reversal lost or applied twice")
struct FaultInjectionTests {
    @Test("Settlements and reversals through lost, repeated and failed deliveries, crashes, two cashiers and reversal races",
          arguments: [SettlementDesk.UnknownOutcomePolicy.resend, .reverse])
    func settlementsUnderFaults(policy: SettlementDesk.UnknownOutcomePolicy) async throws {
        let batches = 1_000
        let fixture = try PlatformFixture()
        let reliable = try await fixture.session()
        let visit = try await OutpatientVisit.open(reliable, credential: .identityCard(fixture.wang.idNumber), outpatientNumber: "MZ-FAULTS", at: fixture.clock.now)
        var inputs: [SettlementInput] = []
        for batch in 1...batches {
            let lines = try visit.lines("F\(batch)", [OutpatientVisit.usualBill[batch % 4]], at: fixture.clock.now)
            _ = try await visit.upload(lines)
            inputs.append(SettlementInput(personNumber: visit.personNumber, credential: visit.credential, total: try Yuan.sum(lines.map(\.total)),
                                          visitID: visit.visitID, chargeBatch: "F\(batch)", insuranceType: .employeeBasic))
        }

        let faulty = FaultyTransport(inner: fixture.transport, seed: policy == .resend ? 2026 : 1949)
        let connectors = try (1...2).map { try fixture.connector(transport: faulty, terminal: $0, retryPolicy: RetryPolicy(maximumAttempts: 3, baseDelay: 0, maximumDelay: 0)) }
        let sessions = [ConnectorSession(connector: connectors[0], operator: PlatformFixture.clerk, signInNumber: reliable.signInNumber),
                        ConnectorSession(connector: connectors[1], operator: PlatformFixture.clerk, signInNumber: reliable.signInNumber)]
        let files = [TemporaryJournal(), TemporaryJournal()]
        defer { files.forEach { $0.remove() } }
        let journals = try files.map { CrashingJournal(try $0.open()) }
        let desks = (0...1).map { SettlementDesk(session: sessions[$0], journal: journals[$0], unknownOutcome: policy) }
        var failures = 0
        var crashes = 0
        for (index, input) in inputs.enumerated() {
            if index % 31 == 0 {
                await journals[0].arm()
                crashes += 1
            }
            do {
                if index % 13 == 0 {
                    // Two cashiers settle the same batch at once, each with their own journal.
                    async let first = desks[0].settle(input, insuredArea: visit.insuredArea)
                    async let second = desks[1].settle(input, insuredArea: visit.insuredArea)
                    _ = try await (first, second)
                } else {
                    let settled = try await desks[0].settle(input, insuredArea: visit.insuredArea)
                    if index % 7 == 0 {
                        // A reversal raced from both desks: paid back once.
                        async let first = desks[0].reverse(settled.record.info, insuredArea: visit.insuredArea)
                        async let second = desks[1].reverse(settled.record.info, insuredArea: visit.insuredArea)
                        _ = try await (first, second)
                    }
                }
            } catch {
                failures += 1
            }
        }

        // Restart: new desks on the same files resolve what is pending, over the faulty transport.
        let reopened = try files.map { try $0.open() }
        let recovering = (0...1).map { SettlementDesk(session: sessions[$0], journal: reopened[$0], unknownOutcome: policy) }
        var rounds = 0
        while await reopened.asyncContains(where: { await !$0.pending().isEmpty }), rounds < 30 {
            for desk in recovering { try await desk.recoverPending() }
            rounds += 1
        }
        // A voided settlement is settled again, as the cashier would.
        for journal in reopened {
            for entry in await journal.all() {
                if case .voided = entry.outcome, case .settlement(let input) = entry.operation {
                    _ = try await SettlementDesk(session: reliable, journal: journal, unknownOutcome: policy).settle(input, insuredArea: visit.insuredArea)
                }
            }
        }
        for journal in reopened { #expect(await journal.pending().isEmpty) }

        // The platform: one live settlement per batch at most, every reversal paired with its settlement.
        let records = try await fixture.shenzhen.records(of: PlatformFixture.hospital)
        let settlements = records.filter { !$0.isReversal }
        let reversals = records.filter(\.isReversal)
        #expect(Set(settlements.map(\.settlementID)).count == settlements.count)
        // Each journal's completed records are the platform's own, and every platform record is some journal's.
        var journaled = Set<String>()
        for journal in reopened {
            for entry in await journal.all() { if let id = entry.record?.info.settlementID { journaled.insert(id) } }
        }
        #expect(journaled == Set(records.compactMap(\.settlementID)), "journals and platform disagree: \(journaled.count) journaled, \(records.count) on the platform")
        // The account and the fund hold exactly what the live records say.
        let person = try #require(try await fixture.shenzhen.person(visit.personNumber))
        let accountUsed = try Yuan.sum(records.map(\.personalAccount))
        #expect(try Yuan("1200.00").subtracting(accountUsed) == person.insurance[0].personalAccount)
        #expect(try Yuan.sum(records.map(\.funds.pooledFund)) == person.insurance[0].fundUsed)

        // Reconciliation of both cashiers' records (a settlement both journaled counts once):
        // 3201 balanced and 3202 identical row by row.
        var entries: [String: JournalEntry] = [:]
        for journal in reopened {
            for entry in await journal.all() { if let id = entry.record?.info.settlementID { entries[id] = entry } }
        }
        let institution = RecordsJournal(entries: Array(entries.values))
        let report = try await SettlementDesk(session: reliable, journal: institution).reconcile(ReconciliationPeriod(day: CalendarDate.today(now: fixture.clock.now)),
                                                                                          insuranceType: .employeeBasic, settlementAgency: PlatformFixture.shenzhenArea)
        #expect(report.isBalanced, "\(report.totals)")
        #expect(report.details.rows.count == records.count)
        #expect(report.details.rows.allSatisfy { $0.result == .balanced })
        print("Fault injection (\(policy)): \(batches) batches, \(settlements.count) settlements and \(reversals.count) reversals on the platform; \(failures) desk calls failed, \(crashes) crashes, recovery rounds \(rounds); injected \(faulty.counts.sorted { $0.key < $1.key })")
    }
}

extension Array {
    func asyncContains(where predicate: (Element) async throws -> Bool) async rethrows -> Bool {
        for element in self where try await predicate(element) { return true }
        return false
    }
}

/// The completed entries of several journals, read-only: what an institution reconciles.
struct RecordsJournal: SettlementJournal {
    let entries: [JournalEntry]

    func claim(_ entry: JournalEntry) async throws -> JournalEntry { throw ConnectorError(.journalUnavailable, "read-only") }
    func record(_ entry: JournalEntry) async throws { throw ConnectorError(.journalUnavailable, "read-only") }
    func entry(_ businessID: String) async throws -> JournalEntry? { entries.first { $0.businessID == businessID } }
    func pending() async throws -> [JournalEntry] { [] }
    func completed(in period: ReconciliationPeriod) async throws -> [JournalEntry] {
        entries.filter { $0.record.map { period.contains(CalendarDate.today(now: $0.info.settledAt)) } ?? false }
    }
    func acquireLease(_ businessID: String, holder: String, now: Date, until: Date) async throws -> Bool { throw ConnectorError(.journalUnavailable, "read-only") }
    func releaseLease(_ businessID: String, holder: String) async throws {}
}
