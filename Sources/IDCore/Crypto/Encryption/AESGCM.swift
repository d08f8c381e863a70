import Foundation

/// AES in Galois/Counter Mode (NIST SP 800-38D) with a 128-bit tag.
///
/// This is the raw primitive, for protocols that fix their own nonce; ``SealedBox`` chooses
/// nonces itself and is what most callers want.
public enum AESGCM {
    /// The tag length in bytes. Shorter tags are not produced and not accepted.
    public static let tagLength = 16

    /// Encrypts and authenticates; returns `ciphertext || tag`. A nonce must never repeat
    /// under one key; any non-zero length is accepted, 12 bytes is the recommended one.
    public static func encrypt(
        _ plaintext: some DataProtocol, using key: SymmetricKey, nonce: some DataProtocol,
        authenticating associatedData: some DataProtocol = Data()
    ) throws -> Data {
        try key.bytes.withUnsafeBytes { key in
            try nonce.withContiguousBytes { nonce in
                try plaintext.withContiguousBytes { plaintext in
                    try associatedData.withContiguousBytes { associatedData in
                        try EVPCipher.aesGCMEncrypt(key: key, nonce: nonce, plaintext: plaintext, associatedData: associatedData)
                    }
                }
            }
        }
    }

    /// Checks and decrypts `ciphertext || tag`; throws `authenticationFailed` if anything was
    /// altered, and returns no plaintext in that case.
    public static func decrypt(
        _ sealed: some DataProtocol, using key: SymmetricKey, nonce: some DataProtocol,
        authenticating associatedData: some DataProtocol = Data()
    ) throws -> Data {
        try key.bytes.withUnsafeBytes { key in
            try nonce.withContiguousBytes { nonce in
                try sealed.withContiguousBytes { sealed in
                    try associatedData.withContiguousBytes { associatedData in
                        try EVPCipher.aesGCMDecrypt(key: key, nonce: nonce, sealed: sealed, associatedData: associatedData)
                    }
                }
            }
        }
    }
}
