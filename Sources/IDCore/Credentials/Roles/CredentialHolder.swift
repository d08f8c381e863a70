import Foundation

/// The wallet side: keeps credentials and presents them with only the claims a verifier needs,
/// proving possession of the bound key with a key-binding JWT.
///
/// ```swift
/// let holder = CredentialHolder(key: walletKey)
/// let presentation = try holder.present(credential, disclosing: ["name", "id_number", "portrait"],
///                                       nonce: request.nonce, audience: request.audience)
/// ```
public struct CredentialHolder: Sendable {
    private let key: any MessageSigner
    private let clock: @Sendable () -> Date

    /// Creates a holder presenting with the wallet key its credentials are bound to.
    public init(key: any MessageSigner, clock: @escaping @Sendable () -> Date = Date.init) {
        self.key = key
        self.clock = clock
    }

    /// The holder's public key, which an issuer binds credentials to.
    public var publicKey: VerificationKey { key.publicKey }

    /// A presentation disclosing the claims at `paths` (and whatever disclosures contain them),
    /// with a key-binding JWT over the verifier's `nonce` and `audience`.
    public func present(_ credential: SDJWT, disclosing paths: Set<ClaimPath>, nonce: String, audience: String) throws -> SDJWT {
        let selected = try Self.disclosures(of: credential, covering: paths)
        let unbound = SDJWT(issuerSignedJWT: credential.issuerSignedJWT, disclosures: selected)
        let hash = try Self.hashAlgorithm(of: credential)
        let payload: JSONObject = [
            "iat": JSONValue(numericDate: clock()),
            "aud": .string(audience),
            "nonce": .string(nonce),
            "sd_hash": .string(try hash.digest(of: unbound.withoutKeyBinding)),
        ]
        let keyBinding = try CompactJWS.sign(header: ["typ": .string(CredentialType.keyBindingType)], payload: payload, with: key)
        return SDJWT(issuerSignedJWT: credential.issuerSignedJWT, disclosures: selected, keyBindingJWT: keyBinding)
    }

    /// The claims a credential can disclose, by path: what a wallet shows its user to choose from.
    public static func disclosablePaths(of credential: SDJWT) throws -> [ClaimPath] {
        try processed(credential).disclosurePaths.sorted()
    }

    /// The disclosures needed to reveal `paths`: each one whose claim lies on the way to, at,
    /// or inside a requested path.
    static func disclosures(of credential: SDJWT, covering paths: Set<ClaimPath>) throws -> [Disclosure] {
        let located = try processed(credential).disclosurePaths
        return zip(credential.disclosures, located).compactMap { disclosure, path in
            paths.contains { $0.covers(path) } ? disclosure : nil
        }
    }

    /// The credential's claims with every disclosure applied, and where each disclosure sits.
    static func processed(_ credential: SDJWT) throws -> SelectiveDisclosureProcessor<Disclosure>.Result {
        var jws = try CompactJWS(parsing: credential.issuerSignedJWT)
        let payload = jws.takePayload()
        let hash = try SelectiveDisclosureHash(claim: payload["_sd_alg"])
        return try SelectiveDisclosureProcessor.process(payload: payload, disclosures: credential.disclosures, hash: hash)
    }

    static func hashAlgorithm(of credential: SDJWT) throws -> SelectiveDisclosureHash {
        let jws = try CompactJWS(parsing: credential.issuerSignedJWT)
        return try SelectiveDisclosureHash(claim: jws.payload["_sd_alg"])
    }
}

extension SelectiveDisclosureHash {
    /// The `_sd_alg` claim's algorithm; SHA-256 when absent (RFC 9901 section 4.1.1).
    init(claim: JSONValue?) throws {
        guard let claim else {
            self = .sha256
            return
        }
        guard let name = claim.stringValue, let hash = SelectiveDisclosureHash(rawValue: name) else {
            throw IDCoreError(.unsupportedAlgorithm, "'_sd_alg' \(claim) is not supported (sha-256, sha-384, sha-512).")
        }
        self = hash
    }
}
