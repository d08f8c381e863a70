/// The hash that turns disclosures into digests (`_sd_alg`, RFC 9901 section 4.1.1), named as
/// in the IANA Named Information Hash Algorithm registry.
public enum SelectiveDisclosureHash: String, Sendable, Hashable, CaseIterable, Codable {
    /// SHA-256, the default.
    case sha256 = "sha-256"
    /// SHA-384.
    case sha384 = "sha-384"
    /// SHA-512.
    case sha512 = "sha-512"

    var hashFunction: HashFunction {
        switch self {
        case .sha256: .sha256
        case .sha384: .sha384
        case .sha512: .sha512
        }
    }

    /// `BASE64URL(hash(ASCII(text)))`: the digest of a disclosure, or the `sd_hash` of a
    /// presentation.
    func digest(of text: String) throws -> String {
        var text = text
        return try text.withUTF8 { try hashFunction.base64URLDigest(of: UnsafeRawBufferPointer($0)) }
    }

    /// The same digest over bytes a verifier holds: the slices of the presentation it received.
    func digest(of bytes: ArraySlice<UInt8>) throws -> String {
        try bytes.withUnsafeBytes { try hashFunction.base64URLDigest(of: $0) }
    }
}
