import Foundation
import Synchronization
@testable import IDCore
import IDCoreTesting
import Testing

@Suite("The verifier fails closed: nothing acts on a credential before its issuer's signature verifies")
struct FailClosedTests {
    /// A status list source that counts what it is asked to fetch.
    final class CountingSource: StatusListSource {
        let inner: any StatusListSource
        let fetches = Mutex<[String]>([])

        init(_ inner: any StatusListSource) { self.inner = inner }

        func statusListToken(at uri: String) async throws -> String {
            fetches.withLock { $0.append(uri) }
            return try await inner.statusListToken(at: uri)
        }

        var count: Int { fetches.withLock { $0.count } }
    }

    @Test("A credential forged in a trusted issuer's name fetches no status list and spends no nonce; the genuine wallet is then accepted")
    func forgedCredential() async throws {
        let fixture = try CredentialFixture()
        let reference = try await fixture.statusAuthority.allocate()
        let source = CountingSource(fixture.statusAuthority)
        let verifier = fixture.verifier(statusSource: source)
        // The attacker signs with a key of their own, names the trusted issuer, and points the
        // status at a host of their choosing.
        let attacker = CredentialIssuer(identifier: CredentialFixture.issuerID, signingKey: try SigningKey(generating: .es256), clock: fixture.clock.closure)
        let forged = try attacker.issue(fixture.card, holderKey: fixture.walletKey.publicKey, expiresAt: fixture.clock.now.addingTimeInterval(3600),
                                        status: StatusListReference(index: 3, uri: "https://attacker.example/status"))
        let outcome = await verifier.verify(try fixture.present(forged))
        expectRejected(outcome, check: "issuer-signature", containing: "no trusted key")
        for name in ["credential-type", "validity-period", "required-claims", "claim-values", "key-binding", "credential-status"] {
            guard case .notChecked(let reason)? = outcome.result(of: name) else { Issue.record("\(name) ran: \(outcome)"); continue }
            #expect(reason.contains("issuer's signature"))
        }
        #expect(source.count == 0)
        // The nonce is still the desk's to redeem, for the wallet that really has the card.
        let genuine = await verifier.verify(try fixture.present(try fixture.issue(status: reference)))
        #expect(genuine.isAccepted, "\(genuine)")
        #expect(source.count == 1)
    }

    @Test("An untrusted issuer's credential bound to the attacker's key does not spend the desk's nonce")
    func untrustedIssuerWithAttackersKey() async throws {
        let fixture = try CredentialFixture()
        let verifier = fixture.verifier()
        let attackerWallet = try SigningKey(generating: .es256)
        let stranger = CredentialIssuer(identifier: "https://not-trusted.example", signingKey: try SigningKey(generating: .es256), clock: fixture.clock.closure)
        let credential = try stranger.issue(fixture.card, holderKey: attackerWallet.publicKey, expiresAt: fixture.clock.now.addingTimeInterval(3600))
        let presentation = try CredentialHolder(key: attackerWallet, clock: fixture.clock.closure)
            .present(credential, disclosing: CredentialFixture.hotelClaims, nonce: CredentialFixture.nonce, audience: CredentialFixture.audience)
        expectRejected(await verifier.verify(presentation), check: "issuer-signature", containing: "not on the trust list")
        #expect(await verifier.verify(try fixture.present(try fixture.issue())).isAccepted)
    }

    @Test("A credential that fails a local check spends no nonce and fetches nothing")
    func localFailureActsOnNothing() async throws {
        let fixture = try CredentialFixture()
        let source = CountingSource(fixture.statusAuthority)
        let verifier = fixture.verifier(statusSource: source, acceptedTypes: [CredentialType.socialSecurityCard])
        let outcome = await verifier.verify(try fixture.present(try fixture.issue(status: try await fixture.statusAuthority.allocate())))
        expectRejected(outcome, check: "credential-type", containing: "not accepted")
        #expect(outcome.result(of: "key-binding") == .notChecked(reason: "an earlier check failed"))
        #expect(outcome.result(of: "credential-status") == .notChecked(reason: "an earlier check failed"))
        #expect(source.count == 0)
        // The same nonce still redeems once.
        let challenges = InMemoryChallengeStore()
        try challenges.issue("once", at: fixture.clock.now, until: fixture.clock.now.addingTimeInterval(60))
        #expect(challenges.redeem("once", at: fixture.clock.now) && !challenges.redeem("once", at: fixture.clock.now))
    }

    @Test("A nonce issued by one instance is redeemed once at another sharing the store; one nobody issued is refused")
    func sharedChallenges() async throws {
        let fixture = try CredentialFixture()
        let shared = InMemoryChallengeStore()
        let first = fixture.verifier(challenges: shared)
        let second = fixture.verifier(challenges: shared)
        let nonce = try await first.verifier.issueNonce()
        let another = try await first.verifier.issueNonce()
        #expect(nonce.count == 22 && nonce != another)
        let request = PresentationRequest(nonce: nonce, audience: CredentialFixture.audience, requiredClaims: ["name"])
        let presentation = try fixture.present(try fixture.issue(), nonce: nonce)
        let accepted = await second.verifier.verify(presentation, for: request)
        #expect(accepted.isAccepted, "\(accepted)")
        expectRejected(await first.verifier.verify(presentation, for: request), check: "key-binding", containing: "used before")
        // A nonce the wallet chose itself, that no verifier issued.
        let invented = try fixture.present(try fixture.issue(), nonce: "wallet-chosen-nonce")
        expectRejected(await second.verifier.verify(invented, for: PresentationRequest(nonce: "wallet-chosen-nonce", audience: CredentialFixture.audience)),
                       check: "key-binding", containing: "not issued")
        // An issued nonce expires with the key-binding age.
        let late = try await first.verifier.issueNonce()
        fixture.clock.advance(400)
        let stale = try fixture.present(try fixture.issue(), nonce: late)
        expectRejected(await first.verifier.verify(stale, for: PresentationRequest(nonce: late, audience: CredentialFixture.audience)),
                       check: "key-binding", containing: "expired")
    }

    @Test("A status list is fetched only from where the trust list lets its issuer publish")
    func statusListLocations() async throws {
        let fixture = try CredentialFixture()
        let source = CountingSource(fixture.statusAuthority)
        // The fixture's list is at https://id.gz.gov.cn/status/1: under the issuer's own identifier.
        let reference = try await fixture.statusAuthority.allocate()
        #expect(await fixture.verifier(statusSource: source).verify(try fixture.present(try fixture.issue(status: reference))).isAccepted)
        #expect(source.count == 1)
        // A trust list that names another location for the issuer refuses it, without fetching.
        let elsewhere = TrustList([TrustedIssuerKey(issuer: CredentialFixture.issuerID, key: fixture.issuerKey.publicKey)],
                                  statusListLocations: [CredentialFixture.issuerID: ["https://status.gz.gov.cn/"]])
        expectRejected(await fixture.verifier(statusSource: source, trustList: elsewhere).verify(try fixture.present(try fixture.issue(status: reference))),
                       check: "credential-status", containing: "not one the trust list allows")
        #expect(source.count == 1)
        // A lookalike host is not under the issuer's identifier.
        let lookalike = StatusListReference(index: 0, uri: "https://id.gz.gov.cn.attacker.example/status/1")
        expectRejected(await fixture.verifier(statusSource: source).verify(try fixture.present(try fixture.issue(status: lookalike))),
                       check: "credential-status", containing: "not one the trust list allows")
        #expect(source.count == 1)
    }

    @Test("iat and exp are optional unless the verifier requires them; the older media type only when allowed")
    func optionalClaimsAndMediaType() async throws {
        let fixture = try CredentialFixture()
        var payload = try fixture.basePayload()
        payload["iat"] = nil
        payload["exp"] = nil
        let bare = try fixture.handMade(payload: payload, disclosures: [])
        #expect(await fixture.verifier(requiredClaims: []).verify(bare).isAccepted)
        var strict = CredentialVerifier.Options()
        strict.requiresExpiry = true
        expectRejected(await fixture.verifier(requiredClaims: [], options: strict).verify(bare), check: "validity-period", containing: "no 'exp'")
        strict.requiresIssuedAt = true
        expectRejected(await fixture.verifier(requiredClaims: [], options: strict).verify(bare), check: "issuer-signature", containing: "no 'iat'")
        // A key trusted for a window of issuance times needs an iat to be checked against it.
        let windowed = TrustList([TrustedIssuerKey(issuer: CredentialFixture.issuerID, key: fixture.issuerKey.publicKey, validFrom: fixture.clock.now.addingTimeInterval(-10))])
        expectRejected(await fixture.verifier(trustList: windowed, requiredClaims: []).verify(bare), check: "issuer-signature", containing: "no 'iat'")

        let legacy = try fixture.handMade(payload: try fixture.basePayload(), disclosures: [], header: ["typ": .string("vc+sd-jwt")])
        expectRejected(await fixture.verifier(requiredClaims: []).verify(legacy), check: "credential-type", containing: "vc+sd-jwt")
        var lenient = CredentialVerifier.Options()
        lenient.acceptsLegacyMediaType = true
        #expect(await fixture.verifier(requiredClaims: [], options: lenient).verify(legacy).isAccepted)
    }
}
