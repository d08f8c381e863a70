import Foundation

/// Self-describing authenticated encryption for data at rest and in messages.
///
/// A sealed box carries everything needed to open it except the key:
///
/// | bytes | content |
/// |---|---|
/// | 0–1 | magic `VS` (0x56 0x53) |
/// | 2 | format version, `1` |
/// | 3 | algorithm: `1` AES-256-GCM, `2` SM4-CTR with HMAC-SM3 |
/// | next | nonce: 12 bytes (AES-GCM) or counter block: 16 bytes (SM4-CTR) |
/// | next | ciphertext |
/// | last | tag: 16 bytes (AES-GCM) or 32 bytes (HMAC-SM3) |
///
/// The four header bytes are authenticated together with the caller's associated data, so a
/// box cannot be relabelled with another algorithm or version. Nonces are random: under one
/// key, seal no more than 2^32 boxes (NIST SP 800-38D section 8.3).
///
/// ```swift
/// let key = try SecretKey()
/// let box = try SealedMessage.seal(Data("patient record".utf8), using: key, algorithm: .sm4CTRWithHMACSM3)
/// let stored = box.combined
/// let plaintext = try SealedMessage(combined: stored).open(using: key)
/// ```
public struct SealedMessage: Sendable, Hashable {
    /// The cipher inside a sealed box.
    public enum Algorithm: UInt8, Sendable, Hashable, CaseIterable {
        /// AES-256 in Galois/Counter Mode.
        case aes256GCM = 1
        /// SM4 in counter mode with HMAC-SM3, encrypt-then-MAC (national algorithms).
        case sm4CTRWithHMACSM3 = 2

        var nonceLength: Int { self == .aes256GCM ? 12 : SM4CTRHMACSM3.counterLength }
        var tagLength: Int { self == .aes256GCM ? AESGCM.tagLength : SM4CTRHMACSM3.tagLength }
    }

    private static let magic: [UInt8] = [0x56, 0x53]
    private static let version: UInt8 = 1
    private static let headerLength = 4

    /// The algorithm named in the header.
    public let algorithm: Algorithm
    /// The whole box: header, nonce, ciphertext and tag.
    public let combined: Data

    /// Reads a stored box, checking its header and minimum length; the contents are checked
    /// by ``open(using:authenticating:)``.
    public init(combined: some DataProtocol) throws {
        let bytes = Data(combined)
        guard bytes.count >= Self.headerLength, Array(bytes.prefix(2)) == Self.magic else {
            throw IDCoreError(.malformedSealedBox, "The data does not start with the sealed box magic 'VS'.")
        }
        guard bytes[bytes.startIndex + 2] == Self.version else {
            throw IDCoreError(.malformedSealedBox, "Sealed box version \(bytes[bytes.startIndex + 2]) is not supported; this SDK reads version \(Self.version).")
        }
        guard let algorithm = Algorithm(rawValue: bytes[bytes.startIndex + 3]) else {
            throw IDCoreError(.malformedSealedBox, "Sealed box algorithm \(bytes[bytes.startIndex + 3]) is unknown.")
        }
        guard bytes.count >= Self.headerLength + algorithm.nonceLength + algorithm.tagLength else {
            throw IDCoreError(.malformedSealedBox, "The sealed box is truncated: \(bytes.count) bytes is shorter than its header, nonce and tag.")
        }
        self.algorithm = algorithm
        self.combined = bytes
    }

    /// Encrypts `plaintext` under `key` (256 bits) with a fresh random nonce.
    public static func seal(
        _ plaintext: some DataProtocol, using key: SecretKey, algorithm: Algorithm = .aes256GCM,
        authenticating associatedData: some DataProtocol = Data(),
        random: some RandomByteSource = SecureRandom()
    ) throws -> SealedMessage {
        guard key.bitCount == 256 else {
            throw IDCoreError(.invalidParameter, "Sealed boxes take a 256-bit key; this one has \(key.bitCount) bits.")
        }
        let header = Data(magic + [version, algorithm.rawValue])
        let nonce = try random.bytes(count: algorithm.nonceLength)
        let authenticated = header + Data(associatedData)
        let sealed = switch algorithm {
        case .aes256GCM:
            try AESGCM.encrypt(plaintext, using: key, nonce: nonce, authenticating: authenticated)
        case .sm4CTRWithHMACSM3:
            try SM4CTRHMACSM3.encrypt(plaintext, using: key, counter: nonce, authenticating: authenticated)
        }
        return try SealedMessage(combined: header + nonce + sealed)
    }

    /// Checks and decrypts the box; throws `authenticationFailed` if the box, the associated
    /// data or the key is wrong.
    public func open(using key: SecretKey, authenticating associatedData: some DataProtocol = Data()) throws -> Data {
        let header = combined.prefix(Self.headerLength)
        let nonce = combined.dropFirst(Self.headerLength).prefix(algorithm.nonceLength)
        let sealed = combined.dropFirst(Self.headerLength + algorithm.nonceLength)
        let authenticated = Data(header) + Data(associatedData)
        switch algorithm {
        case .aes256GCM:
            return try AESGCM.decrypt(sealed, using: key, nonce: nonce, authenticating: authenticated)
        case .sm4CTRWithHMACSM3:
            return try SM4CTRHMACSM3.decrypt(sealed, using: key, counter: nonce, authenticating: authenticated)
        }
    }
}
