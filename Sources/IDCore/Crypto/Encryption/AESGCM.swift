import Foundation

/// AES in Galois/Counter Mode (NIST SP 800-38D) with a 128-bit tag.
///
/// This is the raw primitive, for protocols that fix their own nonce; ``SealedMessage`` chooses
/// nonces itself and is what most callers want.
public enum AESGCM {
    /// The tag length in bytes. Shorter tags are not produced and not accepted.
    public static let tagLength = 16

    /// Encrypts and authenticates; returns `ciphertext || tag`. A nonce must never repeat
    /// under one key; any non-zero length is accepted, 12 bytes is the recommended one.
    public static func encrypt(
        _ plaintext: some DataProtocol, using key: SecretKey, nonce: some DataProtocol,
        authenticating associatedData: some DataProtocol = Data()
    ) throws -> Data {
        try withBuffers(key, nonce, plaintext, associatedData, EVPCipher.aesGCMEncrypt)
    }

    /// Checks and decrypts `ciphertext || tag`; throws `authenticationFailed` if anything was
    /// altered, and returns no plaintext in that case.
    public static func decrypt(
        _ sealed: some DataProtocol, using key: SecretKey, nonce: some DataProtocol,
        authenticating associatedData: some DataProtocol = Data()
    ) throws -> Data {
        try withBuffers(key, nonce, sealed, associatedData, EVPCipher.aesGCMDecrypt)
    }

    private static func withBuffers<Result>(
        _ key: SecretKey, _ nonce: some DataProtocol, _ data: some DataProtocol, _ associatedData: some DataProtocol,
        _ body: (UnsafeRawBufferPointer, UnsafeRawBufferPointer, UnsafeRawBufferPointer, UnsafeRawBufferPointer) throws -> Result
    ) throws -> Result {
        try key.bytes.withUnsafeBytes { key in
            try nonce.withContiguousBytes { nonce in
                try data.withContiguousBytes { data in
                    try associatedData.withContiguousBytes { associatedData in try body(key, nonce, data, associatedData) }
                }
            }
        }
    }
}
