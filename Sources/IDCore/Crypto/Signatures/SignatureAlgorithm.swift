/// The signature algorithms IDCore signs and verifies with, named by their JOSE `alg` values.
///
/// Each algorithm fixes its key type, so a key knows its algorithm and a signature can never be
/// checked with a key of another kind.
public enum SignatureAlgorithm: String, Sendable, Hashable, CaseIterable, Codable {
    /// ECDSA on P-256 with SHA-256 (RFC 7518 section 3.4).
    case es256 = "ES256"
    /// ECDSA on P-384 with SHA-384 (RFC 7518 section 3.4).
    case es384 = "ES384"
    /// Ed25519 (RFC 8032, RFC 8037).
    case edDSA = "EdDSA"
    /// SM2 with SM3 (GB/T 32918, GB/T 32905), the Chinese national signature algorithm.
    ///
    /// `SM2` is not registered with IANA for JOSE: it is this SDK's national profile, as used by
    /// Chinese government platforms. The signer's distinguishing ID (default
    /// `1234567812345678`, GM/T 0009) is part of what is signed, so signer and verifier must
    /// agree on it.
    case sm2 = "SM2"

    /// The JOSE `alg` header value.
    public var joseName: String { rawValue }

    /// The length of a signature in its fixed-size form: `r || s` for ECDSA and SM2 (RFC 7518
    /// section 3.4), `R || S` for Ed25519.
    public var rawSignatureLength: Int { 2 * scalarLength }

    /// The byte length of a private scalar and of one curve coordinate.
    var scalarLength: Int {
        switch self {
        case .es256, .edDSA, .sm2: 32
        case .es384: 48
        }
    }

    /// Whether signatures have a DER form (ECDSA and SM2) besides the fixed-size one.
    var hasDERSignatures: Bool { self != .edDSA }

    /// OpenSSL's name of the digest signed, or nil where the algorithm hashes internally.
    var openSSLDigestName: String? {
        switch self {
        case .es256: "SHA256"
        case .es384: "SHA384"
        case .sm2: "SM3"
        case .edDSA: nil
        }
    }
}
