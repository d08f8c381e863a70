import Foundation
@testable import IDCore
import IDCorePostgres
import IDCoreSQLite
import IDCoreTesting
import StoreTestSupport
import Testing

/// The verifier's stores the same contract tests run against; PostgreSQL when the tests have a
/// server (``StoreTestSupport/PostgresTestDatabase``).
enum VerifierStoreKind: String, CaseIterable, CustomTestStringConvertible {
    case memory, sqlite, postgres

    static var available: [VerifierStoreKind] { allCases.filter { $0 != .postgres || PostgresTestDatabase.url != nil } }

    func challenges() throws -> any ChallengeStore {
        switch self {
        case .memory: InMemoryChallengeStore()
        case .sqlite: try SQLiteChallengeStore(path: Self.temporaryPath())
        case .postgres: try PostgresChallengeStore(url: #require(try PostgresTestDatabase.freshSchemaURL()))
        }
    }

    func nonces() throws -> any NonceStore {
        switch self {
        case .memory: InMemoryNonceStore()
        case .sqlite: try SQLiteNonceStore(path: Self.temporaryPath())
        case .postgres: try PostgresNonceStore(url: #require(try PostgresTestDatabase.freshSchemaURL()))
        }
    }

    static func temporaryPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("vidk-\(UUID().uuidString).sqlite").path
    }

    var testDescription: String { rawValue }
}

@Suite("Challenge and nonce stores: one contract for every implementation")
struct VerifierStoreContractTests {
    static let t0 = Date(timeIntervalSince1970: 1_795_600_000)

    @Test("An issued nonce redeems once before it expires; one never issued, or expired, does not", arguments: VerifierStoreKind.available)
    func challenges(kind: VerifierStoreKind) async throws {
        let store = try kind.challenges()
        try await store.issue("n1", at: Self.t0, until: Self.t0.addingTimeInterval(60))
        try await store.issue("n2", at: Self.t0, until: Self.t0.addingTimeInterval(10))
        #expect(try await store.redeem("never", at: Self.t0) == false)
        #expect(try await store.redeem("n1", at: Self.t0.addingTimeInterval(30)) == true)
        #expect(try await store.redeem("n1", at: Self.t0.addingTimeInterval(31)) == false)
        #expect(try await store.redeem("n2", at: Self.t0.addingTimeInterval(11)) == false)
        // Issued again, a nonce keeps the later expiry.
        try await store.issue("n3", at: Self.t0, until: Self.t0.addingTimeInterval(100))
        try await store.issue("n3", at: Self.t0, until: Self.t0.addingTimeInterval(20))
        #expect(try await store.redeem("n3", at: Self.t0.addingTimeInterval(50)) == true)
    }

    @Test("Thirty-two concurrent redemptions of one nonce: exactly one succeeds", arguments: VerifierStoreKind.available)
    func concurrentRedemption(kind: VerifierStoreKind) async throws {
        let store = try kind.challenges()
        try await store.issue("once", at: Self.t0, until: Self.t0.addingTimeInterval(60))
        let redeemed = try await withThrowingTaskGroup(of: Bool.self) { group in
            for _ in 0..<32 { group.addTask { try await store.redeem("once", at: Self.t0) } }
            return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(redeemed == 1)
    }

    @Test("A used nonce is a replay until it expires, then may be used again", arguments: VerifierStoreKind.available)
    func usedNonces(kind: VerifierStoreKind) async throws {
        let store = try kind.nonces()
        #expect(try await store.consume("m1", at: Self.t0, until: Self.t0.addingTimeInterval(60)) == true)
        #expect(try await store.consume("m1", at: Self.t0.addingTimeInterval(59), until: Self.t0.addingTimeInterval(120)) == false)
        #expect(try await store.consume("m1", at: Self.t0.addingTimeInterval(61), until: Self.t0.addingTimeInterval(120)) == true)
        // Keys that differ only after a NUL (the gateway keys nonces as partner, NUL, nonce) stay apart.
        #expect(try await store.consume("H44030500017\u{0}nonce-a", at: Self.t0, until: Self.t0.addingTimeInterval(60)) == true)
        #expect(try await store.consume("H44030500017\u{0}nonce-b", at: Self.t0, until: Self.t0.addingTimeInterval(60)) == true)
        #expect(try await store.consume("H44030500017\u{0}nonce-a", at: Self.t0, until: Self.t0.addingTimeInterval(60)) == false)
        let accepted = try await withThrowingTaskGroup(of: Bool.self) { group in
            for _ in 0..<32 { group.addTask { try await store.consume("race", at: Self.t0, until: Self.t0.addingTimeInterval(60)) } }
            return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(accepted == 1)
    }

    @Test("Two desks on one SQLite file: a nonce issued at one is accepted once at the other, after a restart too")
    func twoDesksOneDatabase() async throws {
        let fixture = try CredentialFixture()
        let path = VerifierStoreKind.temporaryPath()
        func desk() throws -> CredentialVerifier {
            CredentialVerifier(trustList: fixture.trustList, acceptedTypes: [CredentialType.virtualIDCard], challenges: try SQLiteChallengeStore(path: path),
                               statusLists: fixture.statusAuthority, clock: fixture.clock.closure)
        }
        let nonce = try await desk().issueNonce()
        let presentation = try fixture.present(try fixture.issue(), nonce: nonce)
        let request = PresentationRequest(nonce: nonce, audience: CredentialFixture.audience)
        let (first, second) = (try desk(), try desk())
        async let one = first.verify(presentation, for: request)
        async let other = second.verify(presentation, for: request)
        let outcomes = await [one, other]
        #expect(outcomes.filter(\.isAccepted).count == 1)
        #expect(outcomes.flatMap(\.failureReasons).map(\.code) == [.nonceNotRedeemable])
        #expect(await (try desk()).verify(presentation, for: request).failureReasons.map(\.code) == [.nonceNotRedeemable])
    }

    @Test("Two desks on one PostgreSQL database accept a nonce issued at either once", .enabled(if: PostgresTestDatabase.url != nil, "\(PostgresTestDatabase.skipMessage)"))
    func twoDesksOnPostgres() async throws {
        let fixture = try CredentialFixture()
        let url = try #require(try PostgresTestDatabase.freshSchemaURL())
        let desks = try (0..<2).map { _ in
            CredentialVerifier(trustList: fixture.trustList, acceptedTypes: [CredentialType.virtualIDCard], challenges: try PostgresChallengeStore(url: url),
                               statusLists: fixture.statusAuthority, clock: fixture.clock.closure)
        }
        for (issuing, presenting) in [(0, 1), (1, 0)] {
            let nonce = try await desks[issuing].issueNonce()
            let presentation = try fixture.present(try fixture.issue(), nonce: nonce)
            let request = PresentationRequest(nonce: nonce, audience: CredentialFixture.audience)
            #expect(await desks[presenting].verify(presentation, for: request).isAccepted)
            #expect(await desks[issuing].verify(presentation, for: request).failureReasons.map(\.code) == [.nonceNotRedeemable])
        }
    }

    @Test("A PostgreSQL server that cannot be reached gives store-unavailable, never an answer")
    func unreachablePostgres() {
        #expect(throws: IDCoreError(.storeUnavailable, "")) { try PostgresChallengeStore(url: "postgresql://vidk@127.0.0.1:1/none") }
    }

    @Test("A file that is not a database gives store-unavailable, never an answer")
    func brokenDatabase() throws {
        let path = VerifierStoreKind.temporaryPath()
        try Data(repeating: 0x5A, count: 8192).write(to: URL(fileURLWithPath: path))
        #expect(throws: IDCoreError(.storeUnavailable, "")) { try SQLiteChallengeStore(path: path) }
        #expect(throws: IDCoreError(.storeUnavailable, "")) { try SQLiteNonceStore(path: path) }
    }
}
