import Foundation
import IDCore
@testable import SocialSecurity
import Testing

/// A transport that loses, repeats and fails deliveries at random, from a seed.
actor FaultyTransport: ConnectorTransport {
    private let inner: InProcessTransport
    private var state: UInt64
    private(set) var counts: [String: Int] = [:]

    init(inner: InProcessTransport, seed: UInt64) {
        self.inner = inner
        state = seed
    }

    private func draw() -> Double {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return Double((mixed ^ (mixed >> 31)) >> 11) / Double(1 << 53)
    }

    func send(_ request: ConnectorHTTPRequest, to endpoint: URL) async throws -> ConnectorHTTPResponse {
        let roll = draw()
        switch roll {
        case ..<0.08:
            counts["dropped request", default: 0] += 1
            throw ConnectorError(.transportFailure, "injected: request lost")
        case ..<0.16:
            counts["dropped response", default: 0] += 1
            _ = try await inner.send(request, to: endpoint)
            throw ConnectorError(.transportFailure, "injected: response lost")
        case ..<0.22:
            counts["timeout", default: 0] += 1
            _ = try await inner.send(request, to: endpoint)
            throw ConnectorError(.transportFailure, "injected: timed out after delivery")
        case ..<0.28:
            counts["duplicate delivery", default: 0] += 1
            let first = try await inner.send(request, to: endpoint)
            let second = try await inner.send(request, to: endpoint)
            return draw() < 0.5 ? first : second
        case ..<0.33:
            counts["5xx", default: 0] += 1
            return ConnectorHTTPResponse(status: 503, headers: ["Retry-After": "0"])
        default:
            counts["delivered", default: 0] += 1
            return try await inner.send(request, to: endpoint)
        }
    }
}

@Suite("Connector fault injection: no settlement lost or applied twice")
struct FaultInjectionTests {
    @Test("1,000 settlements through dropped, duplicated and failed deliveries and client crashes")
    func thousandSettlements() async throws {
        let fixture = try ConnectorFixture()
        _ = try await fixture.bind(fixture.shenzhenPatient, name: "王建国", card: "M12345678")
        let faulty = FaultyTransport(inner: fixture.transport, seed: 2026)
        let connector = ProvincialConnector(
            partnerID: ConnectorFixture.partner, signingKey: fixture.hospitalKey, directory: fixture.directory, transport: faulty,
            retryPolicy: RetryPolicy(maximumAttempts: 3, baseDelay: 0, maximumDelay: 0),
            circuitBreaker: CircuitBreaker(failureThreshold: 1_000_000), clock: { fixture.now }, sleep: { _ in }
        )
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("journal-\(UUID().uuidString).jsonl")
        defer { try? FileManager.default.removeItem(at: url) }
        let journal = try FileSettlementJournal(url: url)
        var crashes = 0
        var failedAtFirst = 0
        for index in 0..<1_000 {
            let request = SettlementRequest(idNumber: fixture.shenzhenPatient, visitID: "visit-\(index)", items: [ConnectorFixture.bill[index % 3]])
            if index % 29 == 0 {
                // The client crashes after journaling and before sending.
                try await journal.record(JournalEntry(idempotencyKey: try connector.newIdempotencyKey(), request: request))
                crashes += 1
                continue
            }
            do {
                _ = try await connector.settle(request, journal: journal)
            } catch {
                failedAtFirst += 1
            }
        }
        // The restarted client recovers with a fresh journal object read from the same file.
        let reopened = try FileSettlementJournal(url: url)
        var rounds = 0
        while await !reopened.pending().isEmpty, rounds < 20 {
            try await connector.recoverPending(from: reopened)
            rounds += 1
        }
        let entries = await reopened.all()
        let settled = entries.compactMap { entry -> String? in
            if case .settled(let split) = entry.outcome { return split.settlementID }
            return nil
        }
        let ledger = await fixture.shenzhenBureau.settlementIDs(partner: ConnectorFixture.partner)
        #expect(entries.count == 1_000)
        #expect(await reopened.pending().isEmpty)
        #expect(Set(settled).count == settled.count, "a settlement id appears for two journal entries")
        #expect(Set(settled) == ledger, "ledger and journal disagree: \(ledger.count) in the ledger, \(settled.count) journaled")
        let counts = await faulty.counts
        print("Fault injection: \(entries.count) journal entries, \(settled.count) settled, \(entries.count - settled.count) failed definitively, ledger \(ledger.count); \(crashes) client crashes, \(failedAtFirst) calls failed on first try, recovery rounds \(rounds); injected: \(counts.sorted { $0.key < $1.key })")
    }
}
