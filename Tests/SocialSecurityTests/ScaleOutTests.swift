import Foundation
import IDCore
import IDCorePostgres
@testable import SocialSecurity
import SocialSecurityPostgres
import SocialSecuritySimulator
import SocialSecuritySimulatorPostgres
import StoreTestSupport
import Synchronization
import Testing

@Suite("Two gateway instances on one PostgreSQL database", .enabled(if: PostgresTestDatabase.url != nil, "\(PostgresTestDatabase.skipMessage)"))
struct ScaleOutTests {
    /// A fixture whose Shenzhen platform keeps its ledger on the database at `url`.
    private func fixture(url: String) throws -> PlatformFixture {
        try PlatformFixture(shenzhenJournal: PostgresPlatformJournal(url: url, area: PlatformFixture.shenzhenArea))
    }

    /// An instance of the Shenzhen platform and its gateway with stores of its own on the shared
    /// database, as a second process would have.
    private func instance(_ fixture: PlatformFixture, url: String) throws -> BureauGateway {
        BureauGateway(platformArea: PlatformFixture.shenzhenArea, signingKey: fixture.shenzhenKey, partners: fixture.partners, handler: fixture.shenzhenInstance(),
                      nonceStore: try PostgresNonceStore(url: url), idempotencyStore: try PostgresIdempotencyStore(url: url), clock: fixture.clock.closure)
    }

    @Test("A signed message accepted at one instance is a replay at the other")
    func replayAcrossInstances() async throws {
        let url = try #require(try PostgresTestDatabase.freshSchemaURL())
        let fixture = try fixture(url: url)
        let (one, other) = (try instance(fixture, url: url), try instance(fixture, url: url))
        let signer = SignedRequests(key: fixture.hospitalKey, partner: PlatformFixture.hospital.code, path: PlatformFixture.shenzhenEndpoint.path, clock: fixture.clock.closure)
        let input = SignInInput(operatorCode: "C0012", macAddress: "3C-52-82-1A-7F-02", ipAddress: "10.8.1.23")
        let request = try signer.request(body: try signer.envelope(.signIn, input: input.json,
                                                                   messageID: MessageID(institution: PlatformFixture.hospital, sentAt: fixture.clock.now, sequence: 1),
                                                                   signInNumber: nil))
        #expect(await one.handle(request).status == 200)
        let replayed = await other.handle(request)
        #expect(try InterfaceResponse(body: replayed.body).errorCode == .replayedNonce)
    }

    @Test("Cashiers at both instances settling one visit at once settle it once")
    func settleOnceAcrossInstances() async throws {
        let url = try #require(try PostgresTestDatabase.freshSchemaURL())
        let fixture = try fixture(url: url)
        let gateways = [try instance(fixture, url: url), try instance(fixture, url: url)]
        var sessions: [ConnectorSession] = []
        for (index, gateway) in gateways.enumerated() {
            sessions.append(try await fixture.session(transport: InProcessTransport(gateways: [PlatformFixture.shenzhenEndpoint: gateway]), terminal: index + 1))
        }
        let (visit, _, input) = try await ExactlyOnceTests().billedVisit(fixture, session: sessions[0])
        let desks = try sessions.map { SettlementDesk(session: $0, journal: try PostgresSettlementJournal(url: url)) }
        let receipts = try await withThrowingTaskGroup(of: SettlementReceipt.self) { group in
            for desk in desks + desks { group.addTask { try await desk.settle(input, insuredArea: visit.insuredArea) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        // The money: one settlement on the platform, and every receipt shows it.
        #expect(Set(receipts.map(\.record)).count == 1)
        #expect(try await fixture.shenzhen.records(of: PlatformFixture.hospital).count == 1)
        // And one receipt is the first: the cash share is collected once.
        #expect(receipts.filter { !$0.isRepeat }.count == 1)
    }

    /// An idempotency store whose process dies once it has run a message: the claim is made and
    /// the platform acts, but the answer is never stored and the claim never released.
    private struct DyingAfterRun: IdempotencyStore {
        let inner: any IdempotencyStore

        func claim(_ key: IdempotencyKey, fingerprint: MessageFingerprint, now: Date, lease: TimeInterval) async throws -> IdempotencyClaim {
            try await inner.claim(key, fingerprint: fingerprint, now: now, lease: lease)
        }
        func complete(_ key: IdempotencyKey, token: ClaimToken, response: StoredResponse, now: Date) async throws {
            throw ConnectorError(.bureauUnavailable, "injected: the instance died before storing its answer")
        }
        func release(_ key: IdempotencyKey, token: ClaimToken) async throws {}
        func markReversed(_ key: IdempotencyKey, now: Date) async throws { try await inner.markReversed(key, now: now) }
    }

    /// The instance as its caller sees it die: the gateway runs the message, and the answer
    /// never comes back.
    private final class DiesBeforeAnswering: ConnectorTransport {
        let gateway: BureauGateway
        let dead = Mutex(false)

        init(gateway: BureauGateway) { self.gateway = gateway }

        func send(_ request: ConnectorHTTPRequest, to endpoint: URL) async throws -> ConnectorHTTPResponse {
            let answer = await gateway.handle(request)
            guard !dead.withLock({ $0 }) else { throw ConnectorError(.transportFailure, "injected: the instance died before answering") }
            return answer
        }
    }

    @Test("An instance killed between running a settlement and storing its answer leaves a claim the other instance takes over once it lapses; the visit is settled once")
    func killedInstance() async throws {
        let url = try #require(try PostgresTestDatabase.freshSchemaURL())
        let fixture = try fixture(url: url)
        let dying = BureauGateway(platformArea: PlatformFixture.shenzhenArea, signingKey: fixture.shenzhenKey, partners: fixture.partners,
                                  handler: fixture.shenzhenInstance(),
                                  nonceStore: try PostgresNonceStore(url: url), idempotencyStore: DyingAfterRun(inner: try PostgresIdempotencyStore(url: url)),
                                  clock: fixture.clock.closure)
        let survivor = try instance(fixture, url: url)
        let first = try await fixture.session(transport: InProcessTransport(gateways: [PlatformFixture.shenzhenEndpoint: survivor]), terminal: 1)
        let (visit, _, input) = try await ExactlyOnceTests().billedVisit(fixture, session: first)
        let dyingTransport = DiesBeforeAnswering(gateway: dying)
        let throughDying = try await fixture.session(transport: dyingTransport, terminal: 2)
        dyingTransport.dead.withLock { $0 = true }
        let journal = try PostgresSettlementJournal(url: url)
        // The cashier's settlement reaches the instance that dies: no verified answer comes back.
        await #expect(throws: ConnectorError.self) { try await SettlementDesk(session: throughDying, journal: journal).settle(input, insuredArea: visit.insuredArea) }
        #expect(try await fixture.shenzhen.records(of: PlatformFixture.hospital).count == 1, "the platform acted before the instance died")
        #expect(try journal.pending().count == 1)
        // While the dead instance's claim runs, the survivor answers "in progress"; once it lapses the survivor takes the message over.
        fixture.clock.advance(GatewayLimits().claimLease + 1)
        let resolved = try await SettlementDesk(session: first, journal: journal).recoverPending()
        #expect(resolved.count == 1 && resolved.first?.record != nil, "\(resolved)")
        #expect(try await fixture.shenzhen.records(of: PlatformFixture.hospital).count == 1, "settled once")
        let receipt = try await SettlementDesk(session: first, journal: journal).settle(input, insuredArea: visit.insuredArea)
        #expect(receipt.isRepeat && receipt.record == resolved.first?.record)
    }
}
