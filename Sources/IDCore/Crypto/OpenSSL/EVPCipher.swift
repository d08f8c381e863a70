import COpenSSL
import Foundation

/// Symmetric ciphers through OpenSSL's EVP interface: the only place IDCore touches
/// `EVP_CIPHER`.
enum EVPCipher {
    static let gcmTagLength = 16

    /// AES-GCM with a 16, 24 or 32-byte key and a nonce of any non-zero length; returns
    /// `ciphertext || tag`.
    static func aesGCMEncrypt(
        key: UnsafeRawBufferPointer, nonce: UnsafeRawBufferPointer,
        plaintext: UnsafeRawBufferPointer, associatedData: UnsafeRawBufferPointer
    ) throws -> Data {
        let context = try gcmContext(key: key, nonce: nonce, encrypting: true, associatedData: associatedData)
        defer { EVP_CIPHER_CTX_free(context) }
        var output = Data(count: plaintext.count + gcmTagLength)
        try output.withUnsafeMutableBytes { output in
            let out = output.baseAddress!.assumingMemoryBound(to: UInt8.self)
            let written = try cipherUpdate(context, out, plaintext)
            var finalLength: Int32 = 0
            try OpenSSLErrorQueue.check(EVP_CipherFinal_ex(context, out + written, &finalLength), .cryptographicFailure, "AES-GCM encryption failed.")
            try OpenSSLErrorQueue.check(
                EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_AEAD_GET_TAG, Int32(gcmTagLength), out + plaintext.count),
                .cryptographicFailure, "AES-GCM did not produce a tag."
            )
        }
        return output
    }

    /// Opens `ciphertext || tag`; a wrong key, nonce, tag, ciphertext or associated data all
    /// fail the same way, with `authenticationFailed`.
    static func aesGCMDecrypt(
        key: UnsafeRawBufferPointer, nonce: UnsafeRawBufferPointer,
        sealed: UnsafeRawBufferPointer, associatedData: UnsafeRawBufferPointer
    ) throws -> Data {
        guard sealed.count >= gcmTagLength else {
            throw IDCoreError(.authenticationFailed, "AES-GCM input is shorter than its \(gcmTagLength)-byte tag.")
        }
        let ciphertext = UnsafeRawBufferPointer(rebasing: sealed.prefix(sealed.count - gcmTagLength))
        var tag = Array(sealed.suffix(gcmTagLength))
        let context = try gcmContext(key: key, nonce: nonce, encrypting: false, associatedData: associatedData)
        defer { EVP_CIPHER_CTX_free(context) }
        var plaintext = Data(count: ciphertext.count)
        let authentic = try plaintext.withUnsafeMutableBytes { output in
            let out = output.baseAddress?.assumingMemoryBound(to: UInt8.self)
            let written = try cipherUpdate(context, out, ciphertext)
            try OpenSSLErrorQueue.check(
                EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_AEAD_SET_TAG, Int32(gcmTagLength), &tag),
                .cryptographicFailure, "AES-GCM did not accept the tag."
            )
            var finalLength: Int32 = 0
            return EVP_CipherFinal_ex(context, out.map { $0 + written }, &finalLength) == 1
        }
        guard authentic else {
            OpenSSLErrorQueue.drain()
            throw IDCoreError(.authenticationFailed, "AES-GCM authentication failed: the data, its tag, the associated data or the key is wrong.")
        }
        return plaintext
    }

    /// SM4 in counter mode with a 16-byte key and a 16-byte initial counter block; the same
    /// call encrypts and decrypts.
    static func sm4CTR(key: UnsafeRawBufferPointer, counter: UnsafeRawBufferPointer, input: UnsafeRawBufferPointer) throws -> Data {
        let context = try makeContext(.sm4CTR, key: key, iv: counter, encrypting: true)
        defer { EVP_CIPHER_CTX_free(context) }
        var output = Data(count: input.count)
        try output.withUnsafeMutableBytes { output in
            let out = output.baseAddress?.assumingMemoryBound(to: UInt8.self)
            let written = try cipherUpdate(context, out, input)
            var finalLength: Int32 = 0
            try OpenSSLErrorQueue.check(EVP_CipherFinal_ex(context, out.map { $0 + written }, &finalLength), .cryptographicFailure, "SM4-CTR failed.")
        }
        return output
    }

    private static func gcmContext(
        key: UnsafeRawBufferPointer, nonce: UnsafeRawBufferPointer, encrypting: Bool,
        associatedData: UnsafeRawBufferPointer
    ) throws -> OpaquePointer {
        let (gcm, ecb): (CipherName, CipherName) = switch key.count {
        case 16: (.aes128GCM, .aes128ECB)
        case 24: (.aes192GCM, .aes192ECB)
        case 32: (.aes256GCM, .aes256ECB)
        default: throw IDCoreError(.invalidParameter, "An AES key is 16, 24 or 32 bytes; this one is \(key.count).")
        }
        guard nonce.count > 0 else {
            throw IDCoreError(.invalidParameter, "An AES-GCM nonce cannot be empty (NIST SP 800-38D).")
        }
        let context: OpaquePointer
        if nonce.count > GCMLongNonce.openSSLLimit {
            let hashKey = try encryptBlock(ecb, key: key, block: Data(count: 16))
            guard let equivalent = GCMLongNonce.equivalentNonce(for: nonce, hashKey: hashKey) else {
                throw IDCoreError(.invalidParameter, "This key's GHASH key is zero; use another key.")
            }
            context = try equivalent.withUnsafeBytes { try makeContext(gcm, key: key, iv: $0, encrypting: encrypting) }
        } else {
            context = try makeContext(gcm, key: key, iv: nonce, encrypting: encrypting)
        }
        do {
            if associatedData.count > 0 { _ = try cipherUpdate(context, nil, associatedData) }
        } catch {
            EVP_CIPHER_CTX_free(context)
            throw error
        }
        return context
    }

    /// One AES block encryption (ECB, no padding): GCM's hash key is the encrypted zero block.
    private static func encryptBlock(_ name: CipherName, key: UnsafeRawBufferPointer, block: Data) throws -> Data {
        let context = try makeContext(name, key: key, iv: UnsafeRawBufferPointer(start: nil, count: 0), encrypting: true)
        defer { EVP_CIPHER_CTX_free(context) }
        EVP_CIPHER_CTX_set_padding(context, 0)
        var output = Data(count: block.count)
        _ = try output.withUnsafeMutableBytes { output in
            try block.withUnsafeBytes { try cipherUpdate(context, output.baseAddress?.assumingMemoryBound(to: UInt8.self), $0) }
        }
        return output
    }

    /// A cipher context keyed and ready; for GCM the nonce length is set before the nonce.
    private static func makeContext(
        _ name: CipherName, key: UnsafeRawBufferPointer, iv: UnsafeRawBufferPointer, encrypting: Bool
    ) throws -> OpaquePointer {
        let cipher = try CipherName.fetched.handle(name)
        guard let context = EVP_CIPHER_CTX_new() else {
            throw OpenSSLErrorQueue.error(.cryptographicFailure, "Could not allocate a cipher context.")
        }
        let encrypt: Int32 = encrypting ? 1 : 0
        do {
            try OpenSSLErrorQueue.check(EVP_CipherInit_ex2(context, cipher, nil, nil, encrypt, nil), .cryptographicFailure, "Could not start \(name.rawValue).")
            if name.isGCM {
                try OpenSSLErrorQueue.check(
                    EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_AEAD_SET_IVLEN, Int32(iv.count), nil),
                    .invalidParameter, "\(name.rawValue) does not take a \(iv.count)-byte nonce."
                )
            } else if iv.count != Int(EVP_CIPHER_get_iv_length(cipher)) {
                throw IDCoreError(.invalidParameter, "\(name.rawValue) takes a \(EVP_CIPHER_get_iv_length(cipher))-byte IV; this one is \(iv.count) bytes.")
            }
            try OpenSSLErrorQueue.check(
                EVP_CipherInit_ex2(context, nil, key.nonNullBase, iv.nonNullBase, encrypt, nil),
                .invalidParameter, "\(name.rawValue) did not accept the key or nonce."
            )
        } catch {
            EVP_CIPHER_CTX_free(context)
            throw error
        }
        return context
    }

    /// Feeds `input` through the cipher (into `output`, or as associated data when nil) and
    /// returns the number of bytes written.
    private static func cipherUpdate(
        _ context: OpaquePointer, _ output: UnsafeMutablePointer<UInt8>?, _ input: UnsafeRawBufferPointer
    ) throws -> Int {
        guard input.count <= Int32.max else {
            throw IDCoreError(.invalidParameter, "Inputs of 2 GiB or more are not supported in one call.")
        }
        guard input.count > 0 else { return 0 }
        var written: Int32 = 0
        try OpenSSLErrorQueue.check(
            EVP_CipherUpdate(context, output, &written, input.nonNullBase, Int32(input.count)),
            .cryptographicFailure, "The cipher could not process its input."
        )
        return Int(written)
    }
}

/// The ciphers IDCore fetches from OpenSSL, by OpenSSL's names.
enum CipherName: String, CaseIterable, Sendable {
    case aes128GCM = "AES-128-GCM", aes192GCM = "AES-192-GCM", aes256GCM = "AES-256-GCM"
    case aes128ECB = "AES-128-ECB", aes192ECB = "AES-192-ECB", aes256ECB = "AES-256-ECB"
    case sm4CTR = "SM4-CTR"

    var isGCM: Bool { rawValue.hasSuffix("GCM") }

    fileprivate static let fetched = FetchedAlgorithms<CipherName>(openSSLName: \.rawValue) { EVP_CIPHER_fetch(nil, $0, nil) }
}
