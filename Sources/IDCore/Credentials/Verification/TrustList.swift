import Foundation

/// An issuer key a verifier trusts: whose it is, which algorithms it may sign with, and when.
///
/// The window applies to the credential's issuance time (`iat`): after a key rotation the old
/// key keeps verifying what it signed while it was current, and nothing it signs later.
public struct TrustedIssuerKey: Sendable, Hashable {
    /// The issuer identifier (`iss`).
    public let issuer: String
    /// The key id (`kid`), by default the key's RFC 7638 thumbprint.
    public let keyID: String
    /// The issuer's public key.
    public let key: VerificationKey
    /// The algorithms this key is trusted for; by default only the key's own.
    public let algorithms: Set<SignatureAlgorithm>
    /// The first issuance time this key is trusted for, if bounded.
    public let validFrom: Date?
    /// The last issuance time this key is trusted for, if bounded.
    public let validUntil: Date?

    /// Trusts `key` for `issuer`; by default under its thumbprint, for its own algorithm, without time bounds.
    public init(
        issuer: String, key: VerificationKey, keyID: String? = nil, algorithms: Set<SignatureAlgorithm>? = nil,
        validFrom: Date? = nil, validUntil: Date? = nil
    ) {
        self.issuer = issuer
        self.key = key
        self.keyID = keyID ?? key.thumbprint
        self.algorithms = algorithms ?? [key.algorithm]
        self.validFrom = validFrom
        self.validUntil = validUntil
    }

    /// Whether the key was trusted at `issuedAt`; without an issuance time only a key without
    /// a window is.
    /// Trusts the key a JWK holds for `issuer`, under the JWK's own `kid` when it has one (an
    /// authority publishing `kid: ctid-2026-01` signs its credentials with that `kid`), else
    /// under the key's thumbprint.
    public init(issuer: String, jwk: JSONWebKey, algorithms: Set<SignatureAlgorithm>? = nil, validFrom: Date? = nil, validUntil: Date? = nil) throws {
        self.init(issuer: issuer, key: try VerificationKey(jwk: jwk), keyID: jwk.keyID.flatMap { $0.isEmpty ? nil : $0 }, algorithms: algorithms,
                  validFrom: validFrom, validUntil: validUntil)
    }

    func covers(issuedAt: Date?) -> Bool {
        guard let issuedAt else { return validFrom == nil && validUntil == nil }
        return (validFrom.map { issuedAt >= $0 } ?? true) && (validUntil.map { issuedAt <= $0 } ?? true)
    }
}

/// The issuer keys a verifier trusts, looked up by issuer and key id, and where each issuer
/// publishes its status lists.
public struct TrustList: Sendable {
    private let keys: [String: [TrustedIssuerKey]]
    private let statusListLocations: [String: [String]]

    /// Creates a trust list from issuer keys; an issuer may have several.
    ///
    /// - Parameter statusListLocations: per issuer, the URI prefixes its status lists may be
    ///   fetched from (`https://id.gz.gov.cn/status/`). A verifier fetches a credential's status
    ///   list only from a location listed for the credential's issuer; an issuer without an entry
    ///   may publish under its own identifier (`iss` followed by `/`) only.
    public init(_ keys: [TrustedIssuerKey], statusListLocations: [String: [String]] = [:]) {
        self.keys = Dictionary(grouping: keys, by: \.issuer)
        self.statusListLocations = statusListLocations
    }

    /// The keys, by issuer, for publishing the list.
    var trustedKeysByIssuer: [String: [TrustedIssuerKey]] { keys }

    /// The status list prefixes given for `issuer`, if any were.
    func statusListPrefixes(of issuer: String) -> [String]? { statusListLocations[issuer] }

    /// Whether `uri` is a location the trust list allows `issuer`'s status lists at.
    /// Whether `uri` is a status list location the list allows for one of its issuers.
    func allowsStatusListOfAnyIssuer(at uri: String) -> Bool {
        keys.keys.contains { allowsStatusList(at: uri, for: $0) }
    }

    func allowsStatusList(at uri: String, for issuer: String) -> Bool {
        guard keys[issuer] != nil else { return false }
        let prefixes = statusListLocations[issuer] ?? [issuer.hasSuffix("/") ? issuer : issuer + "/"]
        return prefixes.contains { !$0.isEmpty && uri.hasPrefix($0) }
    }

    /// The key to check a JWT from `issuer` signed with `algorithm`, named `keyID` (or, without
    /// a `kid`, the issuer's only key for that algorithm), or the reason there is none.
    func key(issuer: String, keyID: String?, algorithm: SignatureAlgorithm, issuedAt: Date?) -> Result<TrustedIssuerKey, TrustFailure> {
        guard let candidates = keys[issuer] else { return .failure(.init(.issuerNotTrusted, "Issuer '\(issuer)' is not on the trust list.")) }
        let named = keyID.map { id in candidates.filter { $0.keyID == id } } ?? candidates.filter { $0.algorithms.contains(algorithm) }
        guard let entry = named.first, keyID != nil || named.count == 1 else {
            return .failure(.init(.issuerKeyUnknown, keyID.map { "Issuer '\(issuer)' has no trusted key with kid '\($0)'." }
                ?? "The JWT names no kid and issuer '\(issuer)' has several keys for \(algorithm.joseName)."))
        }
        guard entry.algorithms.contains(algorithm) else {
            return .failure(.init(.issuerKeyAlgorithm, "Key '\(entry.keyID)' of '\(issuer)' is not trusted for \(algorithm.joseName)."))
        }
        guard entry.covers(issuedAt: issuedAt) else {
            return .failure(.init(.issuerKeyNotValidAtIssuance, issuedAt.map { "Key '\(entry.keyID)' of '\(issuer)' was not trusted at the issuance time \($0)." }
                ?? "Key '\(entry.keyID)' of '\(issuer)' is trusted for a window of issuance times, and the credential has no 'iat'."))
        }
        return .success(entry)
    }

    /// Whether `issuer`'s key `keyID` is still on the list (a cached status list signed by a
    /// key that has since been removed must be fetched again).
    func stillTrusts(issuer: String, keyID: String) -> Bool {
        keys[issuer]?.contains { $0.keyID == keyID } ?? false
    }

    /// Why the trust list gives no key, as the `issuer-signature` check reports it.
    struct TrustFailure: Error {
        let failure: VerificationFailure
        init(_ code: VerificationFailure.Code, _ detail: String) { failure = VerificationFailure(code, detail) }
    }
}
