import Foundation

/// SM4 in counter mode with HMAC-SM3, encrypt-then-MAC: the national-algorithm AEAD for
/// OpenSSL 3.0, which has no SM4-GCM.
///
/// One 256-bit ``SecretKey`` yields two independent subkeys by HKDF-Expand with SM3
/// (RFC 5869, the key itself as the pseudorandom key): 16 bytes for SM4 and 32 for HMAC-SM3.
/// The tag is the full 32-byte HMAC over
/// `uint64be(len(associatedData)) || associatedData || counter || ciphertext`, so neither
/// part can be moved into the other.
public enum SM4CTRHMACSM3 {
    /// The initial counter block length in bytes.
    public static let counterLength = 16
    /// The tag length in bytes (full HMAC-SM3 output).
    public static let tagLength = 32

    /// Encrypts and authenticates; returns `ciphertext || tag`. A counter block must never
    /// repeat under one key.
    public static func encrypt(
        _ plaintext: some DataProtocol, using key: SecretKey, counter: some DataProtocol,
        authenticating associatedData: some DataProtocol = Data()
    ) throws -> Data {
        let keys = try Subkeys(key)
        let ciphertext = try crypt(plaintext, key: keys.encryption, counter: counter)
        let tag = try authenticationTag(keys.authentication, associatedData: associatedData, counter: counter, ciphertext: ciphertext)
        return ciphertext + tag
    }

    /// Checks the tag first and decrypts only what is authentic; throws `authenticationFailed`
    /// otherwise.
    public static func decrypt(
        _ sealed: some DataProtocol, using key: SecretKey, counter: some DataProtocol,
        authenticating associatedData: some DataProtocol = Data()
    ) throws -> Data {
        guard sealed.count >= tagLength else {
            throw IDCoreError(.authenticationFailed, "SM4-CTR/HMAC-SM3 input is shorter than its \(tagLength)-byte tag.")
        }
        let keys = try Subkeys(key)
        let ciphertext = Data(sealed.prefix(sealed.count - tagLength))
        let expected = try authenticationTag(keys.authentication, associatedData: associatedData, counter: counter, ciphertext: ciphertext)
        guard ConstantTime.equals(expected, sealed.suffix(tagLength)) else {
            throw IDCoreError(.authenticationFailed, "HMAC-SM3 check failed: the data, its tag, the associated data or the key is wrong.")
        }
        return try crypt(ciphertext, key: keys.encryption, counter: counter)
    }

    private struct Subkeys {
        let encryption: Data
        let authentication: Data

        init(_ key: SecretKey) throws {
            guard key.bitCount == 256 else {
                throw IDCoreError(.invalidParameter, "SM4-CTR/HMAC-SM3 takes a 256-bit key; this one has \(key.bitCount) bits.")
            }
            // HKDF-Expand with one output block per subkey: T(1) = HMAC(PRK, info || 0x01).
            encryption = try HashFunction.sm3.authenticationCode(for: Data("VirtualIDKit SM4-CTR key".utf8) + [1], using: key.bytes).prefix(16)
            authentication = try HashFunction.sm3.authenticationCode(for: Data("VirtualIDKit HMAC-SM3 key".utf8) + [1], using: key.bytes)
        }
    }

    private static func crypt(_ input: some DataProtocol, key: Data, counter: some DataProtocol) throws -> Data {
        try key.withUnsafeBytes { key in
            try counter.withContiguousBytes { counter in
                try input.withContiguousBytes { input in try EVPCipher.sm4CTR(key: key, counter: counter, input: input) }
            }
        }
    }

    private static func authenticationTag(
        _ key: Data, associatedData: some DataProtocol, counter: some DataProtocol, ciphertext: Data
    ) throws -> Data {
        var message = withUnsafeBytes(of: UInt64(associatedData.count).bigEndian) { Data($0) }
        message.append(contentsOf: associatedData)
        message.append(contentsOf: counter)
        message.append(ciphertext)
        return try HashFunction.sm3.authenticationCode(for: message, using: key)
    }
}
