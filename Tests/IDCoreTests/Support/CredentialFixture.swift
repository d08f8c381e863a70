import Foundation
@testable import IDCore

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
        statusAuthority = try StatusListAuthority(issuer: Self.issuerID, uri: "https://id.gz.gov.cn/status/1", signingKey: issuerKey,
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

    func verifier(nonceStore: any NonceStore = InMemoryNonceStore(), statusSource: (any StatusListSource)? = nil,
                  onUnknownStatus: StatusPolicy.UnknownStatus = .reject, trustList: TrustList? = nil) -> CredentialVerifier {
        let resolver = StatusListResolver(source: statusSource ?? statusAuthority, trustList: trustList ?? self.trustList,
                                          maximumCacheAge: 60, clock: clock.closure)
        return CredentialVerifier(policies: [
            TrustedIssuerPolicy(trustList: trustList ?? self.trustList),
            CredentialTypePolicy(accepting: [CredentialType.virtualIDCard]),
            RequiredClaimsPolicy(["name", "id_number", "portrait"]),
            KeyBindingPolicy(nonce: Self.nonce, audience: Self.audience, maximumAge: 300, nonceStore: nonceStore),
            ValidityPeriodPolicy(clockSkew: 60),
            StatusPolicy(resolver: resolver, onUnknown: onUnknownStatus),
            ClaimValuesPolicy(),
        ], clock: clock.closure)
    }

    /// Re-signs an issuer JWT payload as the issuer would, for tests that need a validly
    /// signed but malformed credential.
    func signIssuerJWT(header: JSONObject = ["typ": .string(CredentialType.sdJWTType)], payload: JSONObject) throws -> String {
        var header = header
        header["kid"] = header["kid"] ?? .string(issuerKey.publicKey.thumbprint)
        return try CompactJWS.sign(header: header, payload: payload, with: issuerKey)
    }
}
