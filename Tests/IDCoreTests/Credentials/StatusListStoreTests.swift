import Foundation
@testable import IDCore
import IDCorePostgres
import IDCoreSQLite
import IDCoreTesting
import StoreTestSupport
import Synchronization
import Testing

/// Where an issuer's status lists and a verifier's cached tokens live in a test.
enum StatusStoreKind: String, CaseIterable, CustomTestStringConvertible {
    case memory, sqlite, postgres

    static var available: [StatusStoreKind] { allCases.filter { $0 != .postgres || PostgresTestDatabase.url != nil } }

    /// Opens status list stores on one new location: each call is another instance's view.
    func statusLists() throws -> () throws -> any StatusListStore {
        switch self {
        case .memory:
            let store = InMemoryStatusListStore()
            return { store }
        case .sqlite:
            let path = VerifierStoreKind.temporaryPath()
            return { try SQLiteStatusListStore(path: path) }
        case .postgres:
            let url = try #require(try PostgresTestDatabase.freshSchemaURL())
            return { try PostgresStatusListStore(url: url) }
        }
    }

    /// Opens token caches on one new location, likewise.
    func tokenCaches() throws -> () throws -> any StatusListTokenCache {
        switch self {
        case .memory:
            let cache = InMemoryStatusListTokenCache()
            return { cache }
        case .sqlite:
            let path = VerifierStoreKind.temporaryPath()
            return { try SQLiteStatusListTokenCache(path: path) }
        case .postgres:
            let url = try #require(try PostgresTestDatabase.freshSchemaURL())
            return { try PostgresStatusListTokenCache(url: url) }
        }
    }

    var testDescription: String { rawValue }
}

/// A status list source that counts its fetches and can be taken down.
private final class CountingSource: StatusListSource {
    let upstream: any StatusListSource
    let fetches = Atomic<Int>(0)
    let isDown = Atomic<Bool>(false)

    init(_ upstream: any StatusListSource) { self.upstream = upstream }

    func statusListToken(at uri: String) async throws -> String {
        guard !isDown.load(ordering: .relaxed) else { throw IDCoreError(.statusListUnavailable, "injected: the issuer is unreachable") }
        fetches.add(1, ordering: .relaxed)
        return try await upstream.statusListToken(at: uri)
    }
}

@Suite("Status lists on a store: indexes once, revocations final, tokens shared and always verified")
struct StatusListStoreTests {
    static let uri = "https://id.gz.gov.cn/status/7"

    @Test("Store contract: a list keeps its shape, indexes in order until full, statuses only on indexes handed out, revocation final",
          arguments: StatusStoreKind.available)
    func contract(kind: StatusStoreKind) async throws {
        let store = try kind.statusLists()()
        try await store.createList(Self.uri, bitsPerStatus: 2, capacity: 4)
        try await store.createList(Self.uri, bitsPerStatus: 2, capacity: 4)
        await #expect(throws: IDCoreError.self) { try await store.createList(Self.uri, bitsPerStatus: 1, capacity: 4) }
        await #expect(throws: IDCoreError.self) { try await store.allocateIndex(in: "https://elsewhere/status/1") }
        var indexes: [Int] = []
        for _ in 0..<4 { indexes.append(try await store.allocateIndex(in: Self.uri)) }
        #expect(indexes == [0, 1, 2, 3])
        await #expect(throws: IDCoreError.self) { try await store.allocateIndex(in: Self.uri) }
        await #expect(throws: IDCoreError.self) { try await store.setStatus(1, at: 4, in: Self.uri) }
        try await store.setStatus(2, at: 1, in: Self.uri)
        try await store.setStatus(0, at: 1, in: Self.uri)
        try await store.setStatus(1, at: 2, in: Self.uri)
        await #expect(throws: IDCoreError.self) { try await store.setStatus(0, at: 2, in: Self.uri) }
        #expect(try await store.statuses(in: Self.uri) == [2: 1])
    }

    @Test("Two issuer instances on one store: no index handed out twice, and a revocation at one is in the token the other signs",
          arguments: StatusStoreKind.available)
    func twoIssuerInstances(kind: StatusStoreKind) async throws {
        let fixture = try CredentialFixture()
        let open = try kind.statusLists()
        let instances = try (0..<2).map { _ in
            try StatusListAuthority(issuer: CredentialFixture.issuerID, uri: Self.uri, signingKey: fixture.issuerKey, store: open(), capacity: 1024,
                                    clock: fixture.clock.closure)
        }
        let references = try await withThrowingTaskGroup(of: [StatusListReference].self) { group in
            for authority in instances {
                group.addTask { var handed: [StatusListReference] = []; for _ in 0..<40 { handed.append(try await authority.allocate()) }; return handed }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        #expect(Set(references.map(\.index)) == Set(0..<80))
        try await instances[0].setStatus(.revoked, for: references[5])
        try await instances[1].setStatus(.suspended, for: references[6])
        let resolver = StatusListResolver(source: instances[1], clock: fixture.clock.closure)
        #expect(await resolver.status(of: references[5], trustList: fixture.trustList) == .revoked)
        #expect(await resolver.status(of: references[6], trustList: fixture.trustList) == .suspended)
        #expect(await resolver.status(of: references[7], trustList: fixture.trustList) == .valid)
        // A restarted instance on the same store carries on after the last index handed out.
        let restarted = try StatusListAuthority(issuer: CredentialFixture.issuerID, uri: Self.uri, signingKey: fixture.issuerKey, store: open(),
                                                capacity: 1024, clock: fixture.clock.closure)
        #expect(try await restarted.allocate().index == 80)
    }

    @Test("Verifier instances sharing a token cache fetch a list once; a restarted one answers stale-if-error from it; a forged token there is never trusted",
          arguments: StatusStoreKind.available)
    func sharedTokenCache(kind: StatusStoreKind) async throws {
        let fixture = try CredentialFixture()
        let reference = try await fixture.statusAuthority.allocate()
        try await fixture.statusAuthority.setStatus(.revoked, for: reference)
        let source = CountingSource(fixture.statusAuthority)
        let open = try kind.tokenCaches()
        let resolver = { try StatusListResolver(source: source, sharedCache: open(), maximumCacheAge: 60, staleIfErrorAge: 600, clock: fixture.clock.closure) }
        #expect(try await resolver().status(of: reference, trustList: fixture.trustList) == .revoked)
        #expect(try await resolver().status(of: reference, trustList: fixture.trustList) == .revoked)
        #expect(source.fetches.load(ordering: .relaxed) == 1, "the second instance took the list from the shared cache")

        // Past its cache age, with the issuer unreachable, a new instance answers from the shared cache.
        fixture.clock.advance(120)
        source.isDown.store(true, ordering: .relaxed)
        #expect(try await resolver().status(of: reference, trustList: fixture.trustList) == .revoked)

        // A token planted in the cache, signed by a key nobody trusts, is verified and refused: the list is fetched instead.
        let stranger = try StatusListAuthority(issuer: CredentialFixture.issuerID, uri: reference.uri, signingKey: SigningKey(generating: .es256),
                                               store: InMemoryStatusListStore(), capacity: 1024, clock: fixture.clock.closure)
        _ = try await stranger.allocate()
        try await open().store(CachedStatusListToken(token: stranger.statusListToken(at: reference.uri), fetchedAt: fixture.clock.now), at: reference.uri)
        source.isDown.store(false, ordering: .relaxed)
        #expect(try await resolver().status(of: reference, trustList: fixture.trustList) == .revoked)
        #expect(source.fetches.load(ordering: .relaxed) == 2)
    }

    @Test("A token cache keeps the token fetched last", arguments: StatusStoreKind.available)
    func newestTokenWins(kind: StatusStoreKind) async throws {
        let cache = try kind.tokenCaches()()
        let t0 = Date(timeIntervalSince1970: 1_795_600_000)
        try await cache.store(CachedStatusListToken(token: "newer", fetchedAt: t0.addingTimeInterval(10)), at: Self.uri)
        try await cache.store(CachedStatusListToken(token: "older", fetchedAt: t0), at: Self.uri)
        #expect(try await cache.token(at: Self.uri)?.token == "newer")
        #expect(try await cache.token(at: "https://elsewhere/status/1") == nil)
    }
}
