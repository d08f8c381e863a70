import Foundation
@testable import IDCore
import IDCoreTesting

/// An issuer, a wallet, a status list and a verifier wired together, as a hotel integration
/// would have them, on a clock the test controls.
struct CredentialFixture {
    static let issuerID = "https://id.gz.gov.cn"
    static let audience = "hotel-guangzhou-nansha-desk-3"
    static let nonce = "n-0S6_WzA2Mj"
    static let hotelClaims: Set<ClaimPath> = ["name", "id_number", "portrait", "validity"]

    let clock: TestClock
    let issuerKey: SigningKey
    let walletKey: SigningKey
    let issuer: CredentialIssuer
    let holder: CredentialHolder
    let statusAuthority: StatusListAuthority
    let trustList: TrustList
    let card: VirtualIDCard

    init(algorithm: SignatureAlgorithm = .es256, walletAlgorithm: SignatureAlgorithm = .es256, clock: TestClock = TestClock()) throws {
        self.clock = clock
        issuerKey = try SigningKey(generating: algorithm)
        walletKey = try SigningKey(generating: walletAlgorithm)
        issuer = CredentialIssuer(identifier: Self.issuerID, signingKey: issuerKey, random: SeededRandom(seed: 7), clock: clock.closure)
        holder = CredentialHolder(key: walletKey, clock: clock.closure)
        statusAuthority = try StatusListAuthority(issuer: Self.issuerID, uri: "https://id.gz.gov.cn/status/1", signingKey: issuerKey, store: InMemoryStatusListStore(),
                                                  bitsPerStatus: 2, capacity: 1024, clock: clock.closure)
        trustList = TrustList([TrustedIssuerKey(issuer: Self.issuerID, key: issuerKey.publicKey)])
        card = try SampleCards.virtualIDCard()
    }

    func issue(layout: DisclosureLayout = .everyClaim, status: StatusListReference? = nil, validFor: TimeInterval = 365 * 86400) throws -> SDJWT {
        try issuer.issue(card, holderKey: walletKey.publicKey, expiresAt: clock.now.addingTimeInterval(validFor), status: status, layout: layout)
    }

    func present(_ credential: SDJWT, disclosing: Set<ClaimPath> = hotelClaims, nonce: String = nonce) throws -> SDJWT {
        try holder.present(credential, disclosing: disclosing, nonce: nonce, audience: Self.audience)
    }

    /// The verifier a desk builds, with the fixture's nonce issued in its challenge store, and
    /// the request the fixture's presentations answer.
    func verifier(challenges: (any ChallengeStore)? = nil, statusSource: (any StatusListSource)? = nil,
                  onUnknownStatus: CredentialVerifier.Options.UnknownStatus = .reject, trustList: TrustList? = nil,
                  acceptedTypes: Set<String> = [CredentialType.virtualIDCard], requiredClaims: [ClaimPath] = ["name", "id_number", "portrait"],
                  options: CredentialVerifier.Options = CredentialVerifier.Options()) -> DeskVerifier {
        var options = options
        options.unknownStatus = onUnknownStatus
        options.statusListMaximumCacheAge = 60
        let store = challenges ?? {
            let store = InMemoryChallengeStore()
            try! store.issue(Self.nonce, at: clock.now, until: clock.now.addingTimeInterval(3600))
            return store
        }()
        let verifier = CredentialVerifier(trustList: trustList ?? self.trustList, acceptedTypes: acceptedTypes, challenges: store,
                                          statusLists: statusSource ?? statusAuthority, options: options, clock: clock.closure)
        return DeskVerifier(verifier: verifier, request: PresentationRequest(nonce: Self.nonce, audience: Self.audience, requiredClaims: requiredClaims))
    }

    /// A verifier with the request it verifies against, as a desk holds them for one guest.
    struct DeskVerifier {
        let verifier: CredentialVerifier
        let request: PresentationRequest

        func verify(_ presentation: String) async -> VerificationOutcome { await verifier.verify(presentation, for: request) }
        func verify(_ presentation: SDJWT) async -> VerificationOutcome { await verifier.verify(presentation, for: request) }
    }

    /// A presentation of an issuer JWT made by hand, with every disclosure and a correct
    /// key-binding JWT, so that only the flaw under test is wrong.
    func handMade(payload: JSONObject, disclosures: [Disclosure],
                  header: JSONObject = ["typ": .string("dc+sd-jwt")]) throws -> String {
        let unbound = SDJWT(issuerSignedJWT: try signIssuerJWT(header: header, payload: payload), disclosures: disclosures)
        let keyBinding = try CompactJWS.sign(header: ["typ": .string("kb+jwt")], payload: [
            "iat": JSONValue(numericDate: clock.now), "aud": .string(CredentialFixture.audience),
            "nonce": .string(CredentialFixture.nonce), "sd_hash": .string(try SelectiveDisclosureHash.sha256.digest(of: unbound.withoutKeyBinding)),
        ], with: walletKey)
        return unbound.withoutKeyBinding + keyBinding
    }

    func basePayload() throws -> JSONObject {
        let now = clock.now
        return [
            "iss": .string(CredentialFixture.issuerID), "iat": JSONValue(numericDate: now), "exp": JSONValue(numericDate: now.addingTimeInterval(3600)),
            "vct": .string(CredentialType.virtualIDCard), "cnf": .object(["jwk": try JSONValue(encoding: walletKey.publicKey.jwk)]),
        ]
    }

    /// Re-signs an issuer JWT payload as the issuer would, for tests that need a validly
    /// signed but malformed credential.
    func signIssuerJWT(header: JSONObject = ["typ": .string(CredentialType.sdJWTType)], payload: JSONObject) throws -> String {
        var header = header
        header["kid"] = header["kid"] ?? .string(issuerKey.publicKey.thumbprint)
        return try CompactJWS.sign(header: header, payload: payload, with: issuerKey)
    }
}
