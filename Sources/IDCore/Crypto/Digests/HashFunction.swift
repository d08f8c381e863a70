import Foundation

/// The hash functions IDCore offers, all computed by OpenSSL.
public enum HashFunction: String, Sendable, Hashable, CaseIterable, Codable, CustomStringConvertible {
    /// SHA-256 (FIPS 180-4).
    case sha256 = "SHA-256"
    /// SHA-384 (FIPS 180-4).
    case sha384 = "SHA-384"
    /// SHA-512 (FIPS 180-4).
    case sha512 = "SHA-512"
    /// SM3 (GB/T 32905), the Chinese national hash function.
    case sm3 = "SM3"

    /// The output length in bytes.
    public var digestLength: Int {
        switch self {
        case .sha256, .sm3: 32
        case .sha384: 48
        case .sha512: 64
        }
    }

    /// The digest of `data`.
    ///
    /// ```swift
    /// let digest = try HashFunction.sm3.hash(Data("abc".utf8))
    /// ```
    @inlinable
    public func hash(_ data: some DataProtocol) throws -> Data {
        // Inlinable so that callers in other modules get a copy specialised for their type:
        // unspecialised, reaching the bytes of a `Data` costs more than hashing a short message.
        try data.withContiguousBytes(hash(contiguousBytes:))
    }

    @usableFromInline
    func hash(contiguousBytes bytes: UnsafeRawBufferPointer) throws -> Data {
        try EVPDigest.hash(self, bytes)
    }

    /// `BASE64URL(hash(bytes))`, the digest kept on the stack: SD-JWT disclosure digests and
    /// `sd_hash`, and the connector's body digests, are only ever needed in this form.
    package func base64URLDigest(of bytes: UnsafeRawBufferPointer) throws -> String {
        try EVPDigest.withDigest(self, of: bytes, Base64URL.encode)
    }

    /// Appends `BASE64URL(hash(bytes))` to `output`, with no string between: the connector's
    /// canonical messages end with their body's digest.
    package func appendBase64URLDigest(of bytes: UnsafeRawBufferPointer, to output: inout [UInt8]) throws {
        try EVPDigest.withDigest(self, of: bytes) { digest in
            let start = output.count
            output.append(contentsOf: repeatElement(0, count: Base64URL.encodedLength(of: digest.count)))
            output.withUnsafeMutableBufferPointer { buffer in
                _ = Base64URL.encode(digest, into: UnsafeMutableBufferPointer(rebasing: buffer[start...]))
            }
        }
    }

    public var description: String { rawValue }
}
