import Foundation
@testable import IDCore
import IDCoreTesting
import Synchronization
import Testing

@Suite("Status lists over HTTP: one fetch per URI, ttl and exp, stale-if-error, limits, rotation")
struct StatusListHTTPTests {
    /// An authority publishing at a loopback server, and what the server answers.
    final class Publication: Sendable {
        let fixture: CredentialFixture
        let authority: StatusListAuthority
        let server: LoopbackStatusServer
        let uri: String
        let answer = LoopbackStatusServer.AnswerBox()

        init(tokenLifetime: TimeInterval = 3600) async throws {
            let fixture = try CredentialFixture()
            let answer = answer
            server = try LoopbackStatusServer { _ in answer.current }
            uri = server.url("/status/1")
            authority = try StatusListAuthority(issuer: CredentialFixture.issuerID, uri: uri, signingKey: fixture.issuerKey, store: InMemoryStatusListStore(), capacity: 1024,
                                                tokenLifetime: tokenLifetime, clock: fixture.clock.closure)
            self.fixture = fixture
            try await publish()
        }

        /// Signs the list as it is now and serves it.
        func publish() async throws {
            let token = try await authority.statusListToken(at: uri)
            answer.set(LoopbackStatusServer.Answer(body: Data(token.utf8)))
        }

        var trustList: TrustList {
            TrustList([TrustedIssuerKey(issuer: CredentialFixture.issuerID, key: fixture.issuerKey.publicKey)],
                      statusListLocations: [CredentialFixture.issuerID: [server.url("/status/")]])
        }

        func resolver(staleIfErrorAge: TimeInterval = 0) -> StatusListResolver {
            StatusListResolver(source: HTTPStatusListSource(allowsLoopbackHTTP: true), maximumCacheAge: 600, staleIfErrorAge: staleIfErrorAge,
                               clock: fixture.clock.closure)
        }

        deinit { server.stop() }
    }

    @Test("A presentation's status is fetched over HTTP from an allowed location; a revocation arrives after the ttl")
    func endToEnd() async throws {
        let publication = try await Publication(tokenLifetime: 120)
        let fixture = publication.fixture
        let reference = try await publication.authority.allocate()
        let verifier = fixture.verifier(statusSource: HTTPStatusListSource(allowsLoopbackHTTP: true), trustList: publication.trustList)
        #expect(await verifier.verify(try fixture.present(try fixture.issue(status: reference))).isAccepted)
        try await publication.authority.setStatus(.revoked, for: reference)
        try await publication.publish()
        fixture.clock.advance(121)
        let challenges = InMemoryChallengeStore()
        try challenges.issue(CredentialFixture.nonce, at: fixture.clock.now, until: fixture.clock.now.addingTimeInterval(60))
        let later = fixture.verifier(challenges: challenges, statusSource: HTTPStatusListSource(allowsLoopbackHTTP: true), trustList: publication.trustList)
        #expect(await later.verify(try fixture.present(try fixture.issue(status: reference))).failureReasons.map(\.code) == [.revoked])
    }

    @Test("Fifty lookups on a cold cache make one request; the list is reused until its ttl")
    func singleFlight() async throws {
        let publication = try await Publication(tokenLifetime: 300)
        publication.answer.change { $0.delay = 0.3 }
        let reference = try await publication.authority.allocate()
        let resolver = publication.resolver()
        let trustList = publication.trustList
        let statuses = await withTaskGroup(of: CredentialStatus.self) { group in
            for _ in 0..<50 { group.addTask { await resolver.status(of: reference, trustList: trustList) } }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(statuses.count == 50 && statuses.allSatisfy { $0 == .valid })
        #expect(publication.server.requestedPaths == ["/status/1"])
        publication.fixture.clock.advance(299)
        #expect(await resolver.status(of: reference, trustList: trustList) == .valid)
        #expect(publication.server.requestedPaths.count == 1)
        publication.fixture.clock.advance(2)
        #expect(await resolver.status(of: reference, trustList: trustList) == .valid)
        #expect(publication.server.requestedPaths.count == 2)
    }

    @Test("While the location fails, a verified list answers for the stale-if-error age, then the status is unknown")
    func staleIfError() async throws {
        let publication = try await Publication(tokenLifetime: 100)
        let reference = try await publication.authority.allocate()
        let resolver = publication.resolver(staleIfErrorAge: 600)
        let trustList = publication.trustList
        #expect(await resolver.status(of: reference, trustList: trustList) == .valid)
        publication.answer.set(LoopbackStatusServer.Answer(status: 503))
        publication.fixture.clock.advance(100 + 71)
        // Well within the stale-if-error age, but past the token's own exp and the clock skew.
        guard case .unknown = await resolver.status(of: reference, trustList: trustList) else { Issue.record("used past the token's exp"); return }

        let longLived = try await Publication(tokenLifetime: 3600)
        let longReference = try await longLived.authority.allocate()
        let shortCache = StatusListResolver(source: HTTPStatusListSource(allowsLoopbackHTTP: true), maximumCacheAge: 100, staleIfErrorAge: 60,
                                            clock: longLived.fixture.clock.closure)
        #expect(await shortCache.status(of: longReference, trustList: longLived.trustList) == .valid)
        longLived.answer.set(LoopbackStatusServer.Answer(status: 503))
        longLived.fixture.clock.advance(130)
        #expect(await shortCache.status(of: longReference, trustList: longLived.trustList) == .valid)
        longLived.fixture.clock.advance(40)
        guard case .unknown(let reason) = await shortCache.status(of: longReference, trustList: longLived.trustList) else {
            Issue.record("stale beyond the stale-if-error age"); return
        }
        #expect(reason.contains("HTTP 503"), "\(reason)")
    }

    @Test("Refused: a body over the cap, a redirect to another host, another media type, an error status, plain http to the Internet")
    func refusals() async throws {
        let publication = try await Publication()
        let source = HTTPStatusListSource(maximumResponseSize: 4096, allowsLoopbackHTTP: true)
        func refusal() async -> String {
            do { _ = try await source.statusListToken(at: publication.uri); return "fetched" } catch { return "\(error)" }
        }
        publication.answer.change { $0.body = Data(repeating: 0x41, count: 64 * 1024) }
        #expect(await refusal().contains("larger than 4096 bytes"))
        publication.answer.set(LoopbackStatusServer.Answer(status: 302, headers: [("Location", "http://localhost:\(publication.server.port)/status/1")]))
        #expect(await refusal().contains("redirects to another origin"))
        publication.answer.set(LoopbackStatusServer.Answer(headers: [("Content-Type", "application/jwt")], body: Data("x.y.z".utf8)))
        #expect(await refusal().contains("not application/statuslist+jwt"))
        publication.answer.set(LoopbackStatusServer.Answer(status: 404))
        #expect(await refusal().contains("HTTP 404"))
        let requests = publication.server.requestedPaths.count
        for location in ["http://status.example.com/1", "ftp://127.0.0.1/1", "not a url"] {
            await #expect(throws: IDCoreError(.statusListUnavailable, "")) { try await HTTPStatusListSource().statusListToken(at: location) }
        }
        await #expect(throws: IDCoreError(.statusListUnavailable, "")) { try await HTTPStatusListSource().statusListToken(at: publication.uri) }
        #expect(publication.server.requestedPaths.count == requests, "nothing fetched for a refused location")
    }

    @Test("A redirect on the same origin is followed")
    func sameOriginRedirect() async throws {
        let fixture = try CredentialFixture()
        let token = LoopbackStatusServer.AnswerBox()
        let server = try LoopbackStatusServer { path in
            path == "/old" ? .init(status: 301, headers: [("Location", "/status/1")]) : token.current
        }
        defer { server.stop() }
        let authority = try StatusListAuthority(issuer: CredentialFixture.issuerID, uri: server.url("/status/1"), signingKey: fixture.issuerKey, store: InMemoryStatusListStore(), clock: fixture.clock.closure)
        let signed = try await authority.statusListToken(at: server.url("/status/1"))
        token.set(.init(body: Data(signed.utf8)))
        #expect(try await HTTPStatusListSource(allowsLoopbackHTTP: true).statusListToken(at: server.url("/old")) == signed)
        #expect(server.requestedPaths == ["/old", "/status/1"])
    }

    @Test("Rotating the trust list keeps cached lists of keys still trusted and refetches those of removed keys")
    func rotation() async throws {
        let publication = try await Publication()
        let reference = try await publication.authority.allocate()
        let resolver = publication.resolver()
        #expect(await resolver.status(of: reference, trustList: publication.trustList) == .valid)
        let added = try SigningKey(generating: .es256)
        let store = TrustListStore(publication.trustList)
        store.replace(with: TrustList([TrustedIssuerKey(issuer: CredentialFixture.issuerID, key: publication.fixture.issuerKey.publicKey),
                                       TrustedIssuerKey(issuer: CredentialFixture.issuerID, key: added.publicKey)],
                                      statusListLocations: [CredentialFixture.issuerID: [publication.server.url("/status/")]]))
        #expect(await resolver.status(of: reference, trustList: store.current) == .valid)
        #expect(publication.server.requestedPaths.count == 1, "the cache survived the rotation")
        store.replace(with: TrustList([TrustedIssuerKey(issuer: CredentialFixture.issuerID, key: added.publicKey)]))
        guard case .unknown(let reason) = await resolver.status(of: reference, trustList: store.current) else { Issue.record("a removed key's list was used"); return }
        #expect(reason.contains("not from a trusted key") && publication.server.requestedPaths.count == 2, "\(reason)")
    }
}
