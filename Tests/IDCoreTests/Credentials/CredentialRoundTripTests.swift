import Foundation
@testable import IDCore
import Testing

@Suite("Virtual ID credentials: issue, present, verify")
struct CredentialRoundTripTests {
    @Test("Each algorithm issues, presents four claims and verifies", arguments: SignatureAlgorithm.allCases)
    func roundTrip(algorithm: SignatureAlgorithm) async throws {
        let fixture = try CredentialFixture(algorithm: algorithm, walletAlgorithm: algorithm)
        let reference = try await fixture.statusAuthority.allocate()
        let credential = try fixture.issue(status: reference)
        #expect(credential.disclosures.count >= 10)
        let presentation = try fixture.present(credential)
        let outcome = await fixture.verifier().verify(presentation.serialized)
        #expect(outcome.isAccepted, "\(outcome)")
        #expect(outcome.failures.isEmpty)
        let card = try #require(try outcome.claims?.virtualIDCard)
        #expect(card.name == fixture.card.name)
        #expect(card.idNumber == fixture.card.idNumber)
        #expect(card.portrait == fixture.card.portrait)
        #expect(card.validity == fixture.card.validity)
        #expect(card.address == nil && card.ethnicity == nil && card.birthDate == nil && card.sex == nil)
        #expect(outcome.claims?.issuer == CredentialFixture.issuerID)
        // The fixed order: structure, the issuer's signature, the local checks, then what acts
        // beyond the verifier (the nonce, the status list).
        #expect(outcome.checks.map(\.name) == ["sd-jwt-structure", "issuer-signature", "credential-type", "validity-period", "required-claims",
                                                "claim-values", "key-binding", "credential-status"])
    }

    @Test("The issued JWT follows the SD-JWT VC profile")
    func profile() throws {
        let fixture = try CredentialFixture()
        let credential = try fixture.issue()
        let jws = try CompactJWS(parsing: credential.issuerSignedJWT)
        #expect(jws.type == "dc+sd-jwt")
        #expect(jws.keyID == fixture.issuerKey.publicKey.thumbprint)
        #expect(jws.payload["vct"]?.stringValue == CredentialType.virtualIDCard)
        #expect(jws.payload["_sd_alg"]?.stringValue == "sha-256")
        #expect(jws.payload["cnf"]?["jwk"]?["kty"]?.stringValue == "EC")
        #expect(jws.payload["iat"]?.integerValue != nil && jws.payload["exp"]?.integerValue != nil)
        #expect(jws.payload["id_number"] == nil && jws.payload["name"] == nil)
        #expect(jws.payload["_sd"]?.arrayValue?.count == 10)
        #expect(Set(credential.disclosures.map(\.salt)).count == credential.disclosures.count)
        #expect(credential.disclosures.allSatisfy { Base64URL.decode($0.salt.utf8)?.count == 16 })
        #expect(!credential.description.contains(fixture.card.idNumber.fullNumber))
    }

    @Test("Nested objects and array elements can be selectively disclosed")
    func nestedAndArrays() async throws {
        let fixture = try CredentialFixture()
        let claims = try JSONValue(parsing: Array("""
        {"name":"李娜","address":{"province":"广东省","city":"广州市","street":"进港大道 88 号"},"nationalities":["CN","HK","MO"]}
        """.utf8))
        let layout = DisclosureLayout(paths: ["address.city", "address.street", "nationalities[]", "name"], decoysPerObject: 2)
        let credential = try fixture.issuer.issue(claims: claims, type: "urn:test", holderKey: fixture.walletKey.publicKey,
                                                  expiresAt: fixture.clock.now.addingTimeInterval(3600), layout: layout)
        #expect(credential.disclosures.count == 6)
        #expect(try CredentialHolder.disclosablePaths(of: credential).map(\.description)
                == ["address.city", "address.street", "name", "nationalities[0]", "nationalities[1]", "nationalities[2]"])
        let presentation = try fixture.holder.present(credential, disclosing: ["address.city", "nationalities[1]"],
                                                      nonce: CredentialFixture.nonce, audience: CredentialFixture.audience)
        #expect(presentation.disclosures.count == 2)
        let outcome = await fixture.verifier(acceptedTypes: ["urn:test"], requiredClaims: []).verify(presentation)
        #expect(outcome.isAccepted, "\(outcome)")
        let all = try #require(outcome.claims?.all)
        #expect(all["address"] == .object(["province": .string("广东省"), "city": .string("广州市")]))
        #expect(all["nationalities"] == .array([.string("HK")]))
        #expect(all["name"] == nil)
        #expect(outcome.result(of: "claim-values") == .notChecked(reason: "No typed view for credential type 'urn:test'."))
    }

    @Test("Decoys are added to every _sd array and change nothing for the verifier")
    func decoys() async throws {
        let fixture = try CredentialFixture()
        let credential = try fixture.issue(layout: .everyClaim(decoysPerObject: 3))
        let jws = try CompactJWS(parsing: credential.issuerSignedJWT)
        #expect(jws.payload["_sd"]?.arrayValue?.count == 13)
        let outcome = await fixture.verifier().verify(try fixture.present(credential))
        #expect(outcome.isAccepted, "\(outcome)")
    }

    @Test("Part of a nested claim disclosed: the typed field is nil, the part is read by path and checked", arguments: [
        (ClaimPath("validity.end"), "validity"), (ClaimPath("portrait.model_id"), "portrait"),
    ])
    func partialNestedClaim(part: ClaimPath, claim: String) async throws {
        let fixture = try CredentialFixture()
        let presentation = try fixture.present(try fixture.issue(), disclosing: ["name", part])
        let outcome = await fixture.verifier(requiredClaims: ["name", part]).verify(presentation)
        #expect(outcome.isAccepted, "\(outcome)")
        let claims = try #require(outcome.claims)
        let card = try claims.virtualIDCard
        #expect(card.partiallyDisclosed == [claim])
        #expect(card.validity == nil && card.portrait == nil && card.name == fixture.card.name)
        let expected = part == "validity.end" ? fixture.card.validity.end?.description : fixture.card.portrait.modelID
        #expect(try claims.decode(at: part, as: String.self) == expected)
    }

    @Test("An invalid member of a partly disclosed claim is refused by claim-values, naming it, with a typed error")
    func invalidPartialNestedClaim() async throws {
        let fixture = try CredentialFixture()
        var claims = try JSONValue(encoding: fixture.card).objectValue ?? [:]
        claims["validity"] = .object(["start": .string("2020-01-01"), "end": .string("2030-02-30")])
        let credential = try fixture.issuer.issue(claims: .object(claims), type: CredentialType.virtualIDCard, holderKey: fixture.walletKey.publicKey,
                                                  expiresAt: fixture.clock.now.addingTimeInterval(3600), layout: .everyClaim)
        let outcome = await fixture.verifier(requiredClaims: []).verify(try fixture.present(credential, disclosing: ["validity.end"]))
        let failure = try #require(outcome.checks.first { $0.name == "claim-values" })
        #expect(!outcome.isAccepted && "\(failure)".contains("Claim 'validity.end'"), "\(outcome)")
        let error = try #require(throws: IDCoreError.self) { try DisclosedClaims(all: ["validity": .object(["end": .integer(7)])], disclosedPaths: [], verifiedAt: fixture.clock.now).virtualIDCard }
        #expect(error.code == .invalidPersonalData && error.reason.hasPrefix("Claim 'validity.end':"), "\(error)")
    }

    @Test("A social-security card credential presents and decodes")
    func socialSecurityCard() async throws {
        let fixture = try CredentialFixture(algorithm: .sm2)
        let card = try SampleCards.socialSecurityCard()
        let credential = try fixture.issuer.issue(card, holderKey: fixture.walletKey.publicKey, expiresAt: fixture.clock.now.addingTimeInterval(86400))
        let presentation = try fixture.holder.present(credential, disclosing: ["card_number", "social_security_number", "issuing_division"],
                                                      nonce: CredentialFixture.nonce, audience: CredentialFixture.audience)
        let outcome = await fixture.verifier(acceptedTypes: [CredentialType.socialSecurityCard], requiredClaims: []).verify(presentation)
        #expect(outcome.isAccepted, "\(outcome)")
        let claims = try #require(try outcome.claims?.socialSecurityCard)
        #expect(claims.issuingDivision?.code == "440300")
        #expect(claims.socialSecurityNumber == card.socialSecurityNumber)
        #expect(claims.holderName == nil)
    }

    @Test("An issuer refuses subject claims that collide with registered ones, and expiry in the past")
    func issuerRefusals() throws {
        let fixture = try CredentialFixture()
        #expect(throws: IDCoreError(.invalidParameter, "")) {
            try fixture.issuer.issue(claims: .object(["iss": .string("x")]), type: "t", holderKey: nil, expiresAt: fixture.clock.now.addingTimeInterval(60))
        }
        #expect(throws: IDCoreError(.invalidParameter, "")) { try fixture.issue(validFor: -1) }
    }
}
