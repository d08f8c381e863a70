import Foundation
@testable import IDCore
import IDCoreTesting
import Testing

@Suite("Virtual ID credentials: every rejection, with its reason")
struct CredentialRejectionTests {
    @Test("alg none is refused")
    func algNone() async throws {
        let fixture = try CredentialFixture()
        let credential = try fixture.issue()
        let parts = credential.issuerSignedJWT.split(separator: ".")
        let header = Base64URL.encode(Array("{\"alg\":\"none\",\"typ\":\"dc+sd-jwt\"}".utf8))
        let unsigned = SDJWT(issuerSignedJWT: "\(header).\(parts[1]).", disclosures: credential.disclosures)
        expectRejected(await fixture.verifier().verify(unsigned.serialized), check: "sd-jwt-structure", containing: "alg 'none'")
    }

    @Test("An unknown critical header is refused")
    func unknownCrit() async throws {
        let fixture = try CredentialFixture()
        let presentation = try fixture.handMade(payload: try fixture.basePayload(), disclosures: [],
                                        header: ["typ": .string("dc+sd-jwt"), "crit": .array([.string("exp-ext")]), "exp-ext": .integer(1)])
        expectRejected(await fixture.verifier().verify(presentation), check: "sd-jwt-structure", containing: "does not understand")
    }

    @Test("The same disclosure presented twice is refused")
    func duplicateDisclosure() async throws {
        let fixture = try CredentialFixture()
        let presentation = try fixture.present(try fixture.issue())
        let doubled = SDJWT(issuerSignedJWT: presentation.issuerSignedJWT, disclosures: presentation.disclosures + [presentation.disclosures[0]],
                            keyBindingJWT: presentation.keyBindingJWT)
        expectRejected(await fixture.verifier().verify(doubled.serialized), check: "sd-jwt-structure", containing: "presented twice")
    }

    @Test("A disclosure whose digest is not in the payload is refused")
    func foreignDisclosure() async throws {
        let fixture = try CredentialFixture()
        let presentation = try fixture.present(try fixture.issue())
        let stranger = Disclosure(salt: "c2FsdHNhbHRzYWx0", claimName: "ethnicity", value: .string("02"))
        let forged = SDJWT(issuerSignedJWT: presentation.issuerSignedJWT, disclosures: presentation.disclosures + [stranger],
                           keyBindingJWT: presentation.keyBindingJWT)
        expectRejected(await fixture.verifier().verify(forged.serialized), check: "sd-jwt-structure", containing: "not in the signed payload")
    }

    @Test("A digest that appears twice is refused")
    func repeatedDigest() async throws {
        let fixture = try CredentialFixture()
        let disclosure = Disclosure(salt: "c2FsdA", claimName: "x", value: .string("1"))
        let digest = try disclosure.digest(using: .sha256)
        var payload = try fixture.basePayload()
        payload["_sd"] = .array([.string(digest)])
        payload["nested"] = .object(["_sd": .array([.string(digest)])])
        expectRejected(await fixture.verifier().verify(try fixture.handMade(payload: payload, disclosures: [disclosure])),
                       check: "sd-jwt-structure", containing: "more than once")
    }

    @Test("A disclosed claim that collides with a plain claim is refused")
    func collision() async throws {
        let fixture = try CredentialFixture()
        let disclosure = Disclosure(salt: "c2FsdA", claimName: "y", value: .string("hidden"))
        var payload = try fixture.basePayload()
        payload["y"] = .string("plain")
        payload["_sd"] = .array([.string(try disclosure.digest(using: .sha256))])
        expectRejected(await fixture.verifier().verify(try fixture.handMade(payload: payload, disclosures: [disclosure])),
                       check: "sd-jwt-structure", containing: "collides")
    }

    @Test("Disclosures nested deeper than JSON allows are refused, not recursed into", arguments: [60, 65, 20_000])
    func disclosureChainTooDeep(levels: Int) async throws {
        // Each disclosure's value is an object whose only digest is the next disclosure's: the
        // claims this rebuilds nest one level per disclosure, and an attacker needs no valid
        // signature to make the verifier rebuild them (the structure is checked first).
        let fixture = try CredentialFixture()
        var disclosures = [Disclosure(salt: "c2FsdA", claimName: "c", value: .string("end"))]
        for _ in 1..<levels {
            let inner = try disclosures[disclosures.count - 1].digest(using: .sha256)
            disclosures.append(Disclosure(salt: "c2FsdA", claimName: "c", value: .object(["_sd": .array([.string(inner)])])))
        }
        var payload = try fixture.basePayload()
        payload["_sd"] = .array([.string(try disclosures[disclosures.count - 1].digest(using: .sha256))])
        let outcome = await fixture.verifier().verify(try fixture.handMade(payload: payload, disclosures: disclosures))
        if levels < JSONValue.maximumDepth {
            #expect(outcome.result(of: CredentialVerifier.structureCheck) == .passed, "\(outcome)")
        } else {
            expectRejected(outcome, check: CredentialVerifier.structureCheck, containing: "deeper than 64")
        }
    }

    @Test("A reused nonce is refused: the second presentation is a replay")
    func replay() async throws {
        let fixture = try CredentialFixture()
        let presentation = try fixture.present(try fixture.issue()).serialized
        let verifier = fixture.verifier()
        #expect(await verifier.verify(presentation).isAccepted)
        expectRejected(await verifier.verify(presentation), check: "key-binding", containing: "replay")
    }

    @Test("A challenge store that cannot answer refuses the presentation: an outage is not an acceptance")
    func challengeStoreOutage() async throws {
        struct UnreachableStore: ChallengeStore {
            func issue(_ nonce: String, at now: Date, until expiry: Date) async throws { throw IDCoreError(.storeUnavailable, "connection refused") }
            func redeem(_ nonce: String, at now: Date) async throws -> Bool { throw IDCoreError(.storeUnavailable, "connection refused") }
        }
        let fixture = try CredentialFixture()
        let presentation = try fixture.present(try fixture.issue()).serialized
        let verifier = fixture.verifier(challenges: UnreachableStore())
        expectRejected(await verifier.verify(presentation), check: "key-binding", containing: "could not redeem")
        await #expect(throws: IDCoreError(.storeUnavailable, "")) { try await verifier.verifier.issueNonce() }
    }

    @Test("An in-memory nonce store at capacity refuses new nonces instead of forgetting live ones")
    func nonceStoreCapacity() async throws {
        let store: any NonceStore = InMemoryNonceStore(capacity: 2)  // through the protocol, as policies call it
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let later = now.addingTimeInterval(300)
        #expect(try await store.consume("a", at: now, until: later))
        #expect(try await store.consume("b", at: now, until: later))
        #expect(try await store.consume("a", at: now, until: later) == false)
        await #expect(throws: IDCoreError(.storeUnavailable, "")) { try await store.consume("c", at: now, until: later) }
        // Once the first two expire there is room again, and "a" is new again.
        #expect(try await store.consume("c", at: later.addingTimeInterval(1), until: later.addingTimeInterval(300)))
        #expect(try await store.consume("a", at: later.addingTimeInterval(1), until: later.addingTimeInterval(300)))
    }

    @Test("A wrong sd_hash is refused: disclosures added after key binding")
    func wrongSDHash() async throws {
        let fixture = try CredentialFixture()
        let credential = try fixture.issue()
        let presentation = try fixture.present(credential)
        let extra = credential.disclosures.first { !presentation.disclosures.contains($0) }!
        let widened = SDJWT(issuerSignedJWT: presentation.issuerSignedJWT, disclosures: presentation.disclosures + [extra],
                            keyBindingJWT: presentation.keyBindingJWT)
        expectRejected(await fixture.verifier().verify(widened.serialized), check: "key-binding", containing: "sd_hash")
    }

    @Test("Key binding: wrong nonce, wrong audience, no KB-JWT, another key, too old, from the future")
    func keyBinding() async throws {
        let fixture = try CredentialFixture()
        let credential = try fixture.issue()
        let verify = { (presentation: SDJWT) in await fixture.verifier().verify(presentation.serialized) }
        expectRejected(await verify(try fixture.present(credential, nonce: "other")), check: "key-binding", containing: "nonce")
        let elsewhere = try fixture.holder.present(credential, disclosing: CredentialFixture.hotelClaims, nonce: CredentialFixture.nonce, audience: "bank")
        expectRejected(await verify(elsewhere), check: "key-binding", containing: "audience")
        expectRejected(await fixture.verifier().verify(credential.serialized), check: "key-binding", containing: "no key-binding")
        let thief = CredentialHolder(key: try SigningKey(generating: .es256), clock: fixture.clock.closure)
        let stolen = try thief.present(credential, disclosing: CredentialFixture.hotelClaims, nonce: CredentialFixture.nonce, audience: CredentialFixture.audience)
        expectRejected(await verify(stolen), check: "key-binding", containing: "holder key")
        let old = try fixture.present(credential)
        fixture.clock.advance(600)
        expectRejected(await verify(old), check: "key-binding", containing: "older than")
        let early = CredentialHolder(key: fixture.walletKey, clock: { fixture.clock.now.addingTimeInterval(3600) })
        let future = try early.present(credential, disclosing: CredentialFixture.hotelClaims, nonce: CredentialFixture.nonce, audience: CredentialFixture.audience)
        expectRejected(await verify(future), check: "key-binding", containing: "future")
    }

    @Test("Required claims that were not disclosed fail the request")
    func missingClaims() async throws {
        let fixture = try CredentialFixture()
        let presentation = try fixture.present(try fixture.issue(), disclosing: ["name"])
        expectRejected(await fixture.verifier().verify(presentation.serialized), check: "required-claims", containing: "id_number, portrait")
    }

    @Test("Expired and not-yet-valid credentials are refused on the injected clock")
    func validity() async throws {
        let fixture = try CredentialFixture()
        let credential = try fixture.issue(validFor: 3600)
        fixture.clock.advance(3600 + 61)
        expectRejected(await fixture.verifier().verify(try fixture.present(credential).serialized), check: "validity-period", containing: "expired")

        let later = try fixture.issuer.issue(fixture.card, holderKey: fixture.walletKey.publicKey, expiresAt: fixture.clock.now.addingTimeInterval(7200),
                                             notBefore: fixture.clock.now.addingTimeInterval(3600))
        expectRejected(await fixture.verifier().verify(try fixture.present(later).serialized), check: "validity-period", containing: "not valid before")
    }

    @Test("Revoked, suspended and unknown status are refused; unknown may be accepted by policy")
    func status() async throws {
        let fixture = try CredentialFixture()
        let revoked = try await fixture.statusAuthority.allocate()
        let suspended = try await fixture.statusAuthority.allocate()
        try await fixture.statusAuthority.setStatus(.revoked, for: revoked)
        try await fixture.statusAuthority.setStatus(.suspended, for: suspended)
        expectRejected(await fixture.verifier().verify(try fixture.present(try fixture.issue(status: revoked)).serialized),
                       check: "credential-status", containing: "revoked")
        expectRejected(await fixture.verifier().verify(try fixture.present(try fixture.issue(status: suspended)).serialized),
                       check: "credential-status", containing: "suspended")

        let unreachable = StatusListReference(index: 0, uri: "https://id.gz.gov.cn/status/404")
        let unknown = try fixture.present(try fixture.issue(status: unreachable)).serialized
        expectRejected(await fixture.verifier().verify(unknown), check: "credential-status", containing: "unknown")
        let lenient = await fixture.verifier(onUnknownStatus: .accept).verify(unknown)
        #expect(lenient.isAccepted)
        #expect(lenient.warnings.contains { $0.contains("unknown") })

        let strangerKey = try SigningKey(generating: .es256)
        let forgedList = try StatusListAuthority(issuer: CredentialFixture.issuerID, uri: "https://id.gz.gov.cn/status/1", signingKey: strangerKey, store: InMemoryStatusListStore(),
                                                 clock: fixture.clock.closure)
        let valid = try await fixture.statusAuthority.allocate()
        let outcome = await fixture.verifier(statusSource: forgedList).verify(try fixture.present(try fixture.issue(status: valid)).serialized)
        expectRejected(outcome, check: "credential-status", containing: "not from a trusted key")
    }

    @Test("A revocation reaches the verifier once its cache expires")
    func statusCache() async throws {
        let fixture = try CredentialFixture()
        let reference = try await fixture.statusAuthority.allocate()
        let credential = try fixture.issue(status: reference)
        let resolver = StatusListResolver(source: fixture.statusAuthority, maximumCacheAge: 60, clock: fixture.clock.closure)
        #expect(await resolver.status(of: reference, trustList: fixture.trustList) == .valid)
        try await fixture.statusAuthority.setStatus(.revoked, for: reference)
        #expect(await resolver.status(of: reference, trustList: fixture.trustList) == .valid)
        fixture.clock.advance(61)
        #expect(await resolver.status(of: reference, trustList: fixture.trustList) == .revoked)
        _ = credential
    }

    @Test("Key rotation: the old key verifies what it signed while trusted, a new key takes over, unknown keys fail")
    func keyRotation() async throws {
        let fixture = try CredentialFixture()
        let rotation = fixture.clock.now.addingTimeInterval(86400)
        let newKey = try SigningKey(generating: .es256)
        let trustList = TrustList([
            TrustedIssuerKey(issuer: CredentialFixture.issuerID, key: fixture.issuerKey.publicKey, validUntil: rotation),
            TrustedIssuerKey(issuer: CredentialFixture.issuerID, key: newKey.publicKey, validFrom: rotation),
        ])
        let oldCredential = try fixture.issue()
        fixture.clock.advance(2 * 86400)
        #expect(await fixture.verifier(trustList: trustList).verify(try fixture.present(oldCredential).serialized).isAccepted)

        let lateOld = try fixture.issue()
        expectRejected(await fixture.verifier(trustList: trustList).verify(try fixture.present(lateOld).serialized),
                       check: "issuer-signature", containing: "not trusted at the issuance time")

        let newIssuer = CredentialIssuer(identifier: CredentialFixture.issuerID, signingKey: newKey, clock: fixture.clock.closure)
        let fresh = try newIssuer.issue(fixture.card, holderKey: fixture.walletKey.publicKey, expiresAt: fixture.clock.now.addingTimeInterval(3600))
        #expect(await fixture.verifier(trustList: trustList).verify(try fixture.present(fresh).serialized).isAccepted)

        let rogue = CredentialIssuer(identifier: CredentialFixture.issuerID, signingKey: try SigningKey(generating: .es256), clock: fixture.clock.closure)
        let forged = try rogue.issue(fixture.card, holderKey: fixture.walletKey.publicKey, expiresAt: fixture.clock.now.addingTimeInterval(3600))
        expectRejected(await fixture.verifier(trustList: trustList).verify(try fixture.present(forged).serialized),
                       check: "issuer-signature", containing: "no trusted key")
    }

    @Test("A key trusted only for another algorithm, and an unlisted issuer, are refused")
    func algorithmAndIssuer() async throws {
        let fixture = try CredentialFixture()
        let trustList = TrustList([TrustedIssuerKey(issuer: CredentialFixture.issuerID, key: fixture.issuerKey.publicKey, algorithms: [.sm2])])
        let presentation = try fixture.present(try fixture.issue()).serialized
        expectRejected(await fixture.verifier(trustList: trustList).verify(presentation), check: "issuer-signature", containing: "not trusted for ES256")
        let other = TrustList([TrustedIssuerKey(issuer: "https://elsewhere", key: fixture.issuerKey.publicKey)])
        expectRejected(await fixture.verifier(trustList: other).verify(presentation), check: "issuer-signature", containing: "not on the trust list")
    }

    @Test("Flipping any byte of any part of a presentation makes it fail")
    func tampering() async throws {
        let fixture = try CredentialFixture()
        let presentation = try fixture.present(try fixture.issue()).serialized
        var bytes = Array(presentation.utf8)
        let separators = Set(bytes.indices.filter { bytes[$0] == UInt8(ascii: "~") || bytes[$0] == UInt8(ascii: ".") })
        // Every part: sample positions spread over the whole presentation, skipping separators.
        let positions = stride(from: 0, to: bytes.count, by: max(1, bytes.count / 400)).filter { !separators.contains($0) }
        var accepted: [Int] = []
        for position in positions {
            let original = bytes[position]
            bytes[position] = original == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
            if await fixture.verifier().verify(String(decoding: bytes, as: UTF8.self)).isAccepted { accepted.append(position) }
            bytes[position] = original
        }
        #expect(accepted.isEmpty, "tampered presentations accepted at \(accepted)")
        #expect(positions.count > 300)
    }

    @Test("Garbage and truncated input is refused, never crashes", arguments: ["", "~", "a.b.c~", "~~~", "eyJ9.e30.~", String(repeating: "~", count: 1000)])
    func garbage(text: String) async throws {
        let fixture = try CredentialFixture()
        let outcome = await fixture.verifier().verify(text)
        #expect(!outcome.isAccepted)
        #expect(outcome.result(of: "sd-jwt-structure") != .passed)
    }
}
