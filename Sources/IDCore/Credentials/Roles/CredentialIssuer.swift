import Foundation

/// An identity authority issuing SD-JWT VCs (RFC 9901 with the SD-JWT VC profile) into
/// citizens' wallets.
///
/// ```swift
/// let issuer = CredentialIssuer(identifier: "https://id.gz.gov.cn", signingKey: authorityKey)
/// let credential = try issuer.issue(card, holderKey: walletKey, expiresAt: inOneYear,
///                                   status: try await statusAuthority.allocate())
/// // credential.serialized goes to the wallet: the signed JWT and every disclosure.
/// ```
public struct CredentialIssuer: Sendable {
    /// The issuer identifier, `iss`.
    public let identifier: String
    /// The key id put in the JWT header, by default the signing key's thumbprint.
    public let keyID: String
    /// The digest algorithm of the disclosures (`_sd_alg`).
    public let hashAlgorithm: SelectiveDisclosureHash
    private let signingKey: any MessageSigner
    private let random: any RandomByteSource
    private let clock: @Sendable () -> Date

    /// Creates an issuer signing with `signingKey`; the key id defaults to the key's thumbprint.
    public init(
        identifier: String, signingKey: any MessageSigner, keyID: String? = nil, hashAlgorithm: SelectiveDisclosureHash = .sha256,
        random: any RandomByteSource = SecureRandom(), clock: @escaping @Sendable () -> Date = Date.init
    ) {
        self.identifier = identifier
        self.signingKey = signingKey
        self.keyID = keyID ?? signingKey.publicKey.thumbprint
        self.hashAlgorithm = hashAlgorithm
        self.random = random
        self.clock = clock
    }

    /// Issues a virtual ID card; by default every claim is selectively disclosable.
    public func issue(
        _ card: VirtualIDCard, holderKey: VerificationKey, expiresAt: Date, notBefore: Date? = nil,
        status: StatusListReference? = nil, layout: DisclosureLayout = .everyClaim
    ) throws -> SDJWT {
        try issue(claims: JSONValue(encoding: card), type: CredentialType.virtualIDCard, holderKey: holderKey,
                  expiresAt: expiresAt, notBefore: notBefore, status: status, layout: layout)
    }

    /// Issues an electronic social-security card; by default every claim is selectively
    /// disclosable.
    public func issue(
        _ card: SocialSecurityCard, holderKey: VerificationKey, expiresAt: Date, notBefore: Date? = nil,
        status: StatusListReference? = nil, layout: DisclosureLayout = .everyClaim
    ) throws -> SDJWT {
        try issue(claims: JSONValue(encoding: card), type: CredentialType.socialSecurityCard, holderKey: holderKey,
                  expiresAt: expiresAt, notBefore: notBefore, status: status, layout: layout)
    }

    /// Issues any claims as an SD-JWT VC of type `type` (`vct`), bound to `holderKey` through
    /// `cnf.jwk`. The registered claims (`iss`, `iat`, `exp`, `nbf`, `vct`, `cnf`, `status`)
    /// are set here and always in plain view.
    public func issue(
        claims: JSONValue, type: String, holderKey: VerificationKey?, expiresAt: Date, notBefore: Date? = nil,
        status: StatusListReference? = nil, layout: DisclosureLayout = .everyClaim
    ) throws -> SDJWT {
        guard let subjectClaims = claims.objectValue else {
            throw IDCoreError(.invalidParameter, "Credential claims must be a JSON object.")
        }
        if let reserved = subjectClaims.keys.first(where: CredentialType.registeredClaims.contains) {
            throw IDCoreError(.invalidParameter, "Claim '\(reserved)' is set by the issuer and cannot be a subject claim.")
        }
        let now = clock()
        guard expiresAt > now else {
            throw IDCoreError(.invalidParameter, "The credential would expire (\(expiresAt)) before it is issued (\(now)).")
        }
        let encoder = SelectiveDisclosureEncoder(hash: hashAlgorithm, layout: layout, random: random)
        var (payload, disclosures) = try encoder.encode(subjectClaims)
        payload["iss"] = .string(identifier)
        payload["iat"] = JSONValue(numericDate: now)
        payload["exp"] = JSONValue(numericDate: expiresAt)
        payload["vct"] = .string(type)
        payload["_sd_alg"] = .string(hashAlgorithm.rawValue)
        if let notBefore { payload["nbf"] = JSONValue(numericDate: notBefore) }
        if let holderKey { payload["cnf"] = .object(["jwk": try JSONValue(encoding: holderKey.jwk)]) }
        if let status { payload["status"] = status.claim }
        let header: JSONObject = ["typ": .string(CredentialType.sdJWTType), "kid": .string(keyID)]
        let jwt = try CompactJWS.sign(header: header, payload: payload, with: signingKey)
        return SDJWT(issuerSignedJWT: jwt, disclosures: disclosures)
    }
}
