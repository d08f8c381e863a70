import Foundation
@testable import IDCore
import IDCoreTesting
import Testing

@Suite("Failure reasons: stable codes, messages in English and Simplified Chinese")
struct FailureReasonTests {
    /// The codes as integrators store and match them: renaming one breaks their systems.
    static let publishedCodes: Set<String> = [
        "presentation-malformed", "issuer-missing", "issuer-not-trusted", "issuer-key-unknown", "issuer-key-algorithm",
        "issuer-key-not-valid-at-issuance", "issuer-signature-invalid", "issued-at-missing", "media-type-not-accepted",
        "credential-type-missing", "credential-type-not-accepted", "expired", "expiry-missing", "not-yet-valid", "issued-in-future",
        "required-claims-missing", "claim-value-invalid", "key-binding-missing", "holder-key-missing", "key-binding-malformed",
        "key-binding-signature-invalid", "audience-mismatch", "nonce-mismatch", "key-binding-not-fresh", "sd-hash-mismatch",
        "nonce-not-redeemable", "challenge-store-unavailable", "status-malformed", "status-location-not-allowed", "revoked",
        "suspended", "other-status", "status-unknown",
        // ISO/IEC 18013-5 mdoc
        "document-not-returned", "certificate-not-trusted", "certificate-not-valid-at-time", "certificate-profile-violation",
        "certificate-revoked", "certificate-revocation-unknown", "signed-outside-certificate-validity", "document-type-mismatch",
        "value-digest-mismatch", "device-authentication-invalid",
        // OpenID4VP and DCQL
        "presentation-not-requested", "claim-not-requested", "claim-value-mismatch",
    ]

    @Test("Every SDK code is published and has its own message in each language, Chinese in Chinese")
    func everyCodeHasMessages() {
        let codes = VerificationFailure.standardCodes
        #expect(Set(codes.map(\.rawValue)) == Self.publishedCodes)
        for language in VerificationFailure.Language.allCases {
            let messages = codes.map { VerificationFailure($0, "detail").message(in: language) }
            #expect(Set(messages).count == codes.count, "\(language) repeats a message")
            #expect(!messages.contains("detail"))
        }
        for code in codes {
            let chinese = VerificationFailure(code, "").message(in: .simplifiedChinese)
            #expect(chinese.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) } && chinese.hasSuffix("。"), "\(code): \(chinese)")
            let english = VerificationFailure(code, "").message(in: .english)
            #expect(english.allSatisfy { $0.isASCII }, "\(code): \(english)")
        }
    }

    @Test("A refused presentation gives the code, the engineer's detail and the desk's message")
    func outcomeCarriesCodes() async throws {
        let fixture = try CredentialFixture()
        let reference = try await fixture.statusAuthority.allocate()
        try await fixture.statusAuthority.setStatus(.revoked, for: reference)
        let revoked = await fixture.verifier().verify(try fixture.present(try fixture.issue(status: reference)))
        let failure = try #require(revoked.failureReasons.first)
        #expect(revoked.failureReasons.count == 1)
        #expect(failure.code == .revoked && failure.detail == "The credential has been revoked.")
        #expect(failure.message(in: .simplifiedChinese) == "该电子证照已被注销。")
        #expect(revoked.failures == ["credential-status: The credential has been revoked."])

        let verifier = fixture.verifier()
        let presentation = try fixture.present(try fixture.issue())
        #expect(await verifier.verify(presentation).isAccepted)
        #expect(await verifier.verify(presentation).failureReasons.map(\.code) == [.nonceNotRedeemable])
        let stranger = CredentialIssuer(identifier: CredentialFixture.issuerID, signingKey: try SigningKey(generating: .es256), clock: fixture.clock.closure)
        let forged = try stranger.issue(fixture.card, holderKey: fixture.walletKey.publicKey, expiresAt: fixture.clock.now.addingTimeInterval(60))
        #expect(await verifier.verify(try fixture.present(forged)).failureReasons.map(\.code) == [.issuerKeyUnknown])
        #expect(await verifier.verify("not an sd-jwt").failureReasons.map(\.code) == [.malformedPresentation])
    }

    /// An integrator's check with a code and messages of its own.
    struct WatchListPolicy: VerificationPolicy {
        let checkName = "hotel-watch-list"

        func evaluate(_ presentation: PresentationUnderTest) async -> CheckResult {
            .failed(VerificationFailure(code: .init("hotel-watch-list"), detail: "The guest is on the chain's watch list.",
                                        messages: [.simplifiedChinese: "请联系值班经理。"]))
        }
    }

    @Test("An integrator's policy brings its own code; a language it has no message for shows the detail")
    func integratorCodes() async throws {
        let fixture = try CredentialFixture()
        let challenges = InMemoryChallengeStore()
        try challenges.issue(CredentialFixture.nonce, at: fixture.clock.now, until: fixture.clock.now.addingTimeInterval(60))
        let verifier = CredentialVerifier(trustList: fixture.trustList, acceptedTypes: [CredentialType.virtualIDCard], challenges: challenges,
                                          statusLists: nil, policies: [WatchListPolicy()], clock: fixture.clock.closure)
        let outcome = await verifier.verify(try fixture.present(try fixture.issue()), for: PresentationRequest(nonce: CredentialFixture.nonce, audience: CredentialFixture.audience))
        let failure = try #require(outcome.failureReasons.first)
        #expect(failure.code.rawValue == "hotel-watch-list")
        #expect(failure.message(in: .simplifiedChinese) == "请联系值班经理。")
        #expect(failure.message(in: .english) == "The guest is on the chain's watch list.")
    }
}
