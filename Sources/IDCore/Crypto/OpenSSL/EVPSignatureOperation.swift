import COpenSSL
import Foundation

/// A signing or verifying operation prepared once for one key and reused by every call.
///
/// Initialising an OpenSSL signature context looks up the algorithm and digest implementations
/// and, for SM2, takes the distinguishing ID; doing that on every call would cost a tenth of an
/// ECDSA signature. So the preparation happens once, in one of two forms:
///
/// - ECDSA (ES256, ES384): IDCore hashes the message with a prefetched digest and a pooled
///   `EVP_PKEY_CTX` signs the digest, exactly the work `openssl speed` measures.
/// - Ed25519 and SM2, which must see the message itself: a prepared `EVP_MD_CTX` template is
///   copied for each call (`EVP_MD_CTX_copy_ex` only reads the template).
///
/// Either way each call has a context of its own, so one operation serves many threads at once.
final class EVPSignatureOperation: @unchecked Sendable {
    enum Purpose {
        case sign, verify
    }

    private enum Preparation {
        case digestThenSign(EVPContextPool, HashFunction)
        case copiedTemplate(OpaquePointer)
    }

    let key: EVPKey
    private let preparation: Preparation
    private let maximumSignatureLength: Int

    init(key: EVPKey, purpose: Purpose, distinguishingID: Data?) throws {
        self.key = key
        self.maximumSignatureLength = Int(EVP_PKEY_get_size(key.key))
        switch key.algorithm {
        case .es256, .es384:
            let pool = EVPContextPool(make: { try Self.makeKeyContext(key, purpose) }, free: EVP_PKEY_CTX_free)
            preparation = .digestThenSign(pool, key.algorithm == .es256 ? .sha256 : .sha384)
        case .edDSA, .sm2:
            preparation = .copiedTemplate(try Self.makeTemplate(key, purpose, distinguishingID))
        }
    }

    deinit {
        if case .copiedTemplate(let template) = preparation { EVP_MD_CTX_free(template) }
    }

    /// Signs `message`; ECDSA and SM2 signatures come back DER-encoded, Ed25519 ones raw.
    func sign(_ message: UnsafeRawBufferPointer) throws -> [UInt8] {
        var signature = [UInt8](repeating: 0, count: maximumSignatureLength)
        var length = signature.count
        switch preparation {
        case .digestThenSign(let pool, let function):
            try EVPDigest.withDigest(function, of: message) { digest in
                try pool.withContext { context in
                    let result = EVP_PKEY_sign(context, &signature, &length, digest.baseAddress, digest.count)
                    try OpenSSLErrorQueue.check(result, .cryptographicFailure, "\(key.algorithm.joseName) signing failed.")
                    return ((), true)
                }
            }
        case .copiedTemplate(let template):
            let context = try Self.copy(template)
            defer { EVP_MD_CTX_free(context) }
            let result = EVP_DigestSign(context, &signature, &length, message.nonNullBase, message.count)
            try OpenSSLErrorQueue.check(result, .cryptographicFailure, "\(key.algorithm.joseName) signing failed.")
        }
        signature.removeLast(signature.count - length)
        return signature
    }

    /// Verifies `signature` (DER for ECDSA and SM2, raw for Ed25519) over `message`.
    func verify(_ signature: UnsafeRawBufferPointer, message: UnsafeRawBufferPointer) -> Bool {
        defer { OpenSSLErrorQueue.drain() }
        do {
            switch preparation {
            case .digestThenSign(let pool, let function):
                return try EVPDigest.withDigest(function, of: message) { digest in
                    try pool.withContext { context in
                        let result = EVP_PKEY_verify(context, signature.nonNullBase, signature.count, digest.baseAddress, digest.count)
                        // 0 is a clean "invalid"; anything else leaves the context in doubt.
                        return (result == 1, result == 1 || result == 0)
                    }
                }
            case .copiedTemplate(let template):
                let context = try Self.copy(template)
                defer { EVP_MD_CTX_free(context) }
                return EVP_DigestVerify(context, signature.nonNullBase, signature.count, message.nonNullBase, message.count) == 1
            }
        } catch {
            return false
        }
    }

    private static func makeKeyContext(_ key: EVPKey, _ purpose: Purpose) throws -> OpaquePointer {
        guard let context = EVP_PKEY_CTX_new_from_pkey(nil, key.key, nil) else {
            throw OpenSSLErrorQueue.error(.cryptographicFailure, "Could not allocate a signature context.")
        }
        let started = purpose == .sign ? EVP_PKEY_sign_init(context) : EVP_PKEY_verify_init(context)
        guard started == 1 else {
            EVP_PKEY_CTX_free(context)
            throw OpenSSLErrorQueue.error(.cryptographicFailure, "Could not prepare \(key.algorithm.joseName) \(purpose == .sign ? "signing" : "verification").")
        }
        return context
    }

    private static func makeTemplate(_ key: EVPKey, _ purpose: Purpose, _ distinguishingID: Data?) throws -> OpaquePointer {
        guard let template = EVP_MD_CTX_new() else {
            throw OpenSSLErrorQueue.error(.cryptographicFailure, "Could not allocate a signature context.")
        }
        do {
            var keyContext: OpaquePointer?
            let digest = key.algorithm.openSSLDigestName
            let started = switch purpose {
            case .sign: EVP_DigestSignInit_ex(template, &keyContext, digest, nil, nil, key.key, nil)
            case .verify: EVP_DigestVerifyInit_ex(template, &keyContext, digest, nil, nil, key.key, nil)
            }
            try OpenSSLErrorQueue.check(started, .cryptographicFailure, "Could not prepare \(key.algorithm.joseName) \(purpose == .sign ? "signing" : "verification").")
            try setDistinguishingID(distinguishingID, on: keyContext)
            return template
        } catch {
            EVP_MD_CTX_free(template)
            throw error
        }
    }

    private static func copy(_ template: OpaquePointer) throws -> OpaquePointer {
        guard let context = EVP_MD_CTX_new() else {
            throw OpenSSLErrorQueue.error(.cryptographicFailure, "Could not allocate a signature context.")
        }
        guard EVP_MD_CTX_copy_ex(context, template) == 1 else {
            EVP_MD_CTX_free(context)
            throw OpenSSLErrorQueue.error(.cryptographicFailure, "Could not copy the prepared signature context.")
        }
        // The copy is used once, so the final step may consume it; without this flag OpenSSL
        // duplicates the context again inside every EVP_DigestSign and EVP_DigestVerify.
        EVP_MD_CTX_set_flags(context, EVP_MD_CTX_FLAG_FINALISE)
        return context
    }

    /// Sets SM2's distinguishing ID on an initialised context. OpenSSL 3.0 refuses the ID as an
    /// init parameter (it checks that the Z digest is pending before init has marked it so);
    /// after init it is taken.
    ///
    /// The empty ID is left unset: OpenSSL 3.0 signs with an empty ID when none is given, and
    /// does not take an empty octet string for it.
    private static func setDistinguishingID(_ distinguishingID: Data?, on keyContext: OpaquePointer?) throws {
        guard let distinguishingID, !distinguishingID.isEmpty else { return }
        var identifier = distinguishingID
        let result = identifier.withUnsafeMutableBytes { bytes in
            var parameters = [
                OSSL_PARAM_construct_octet_string(distinguishingIDParameter, bytes.baseAddress, bytes.count),
                OSSL_PARAM_construct_end(),
            ]
            return EVP_PKEY_CTX_set_params(keyContext, &parameters)
        }
        try OpenSSLErrorQueue.check(result, .invalidParameter, "OpenSSL did not accept the SM2 distinguishing ID.")
    }

    /// OSSL_PKEY_PARAM_DIST_ID, in static storage: OSSL_PARAM keeps the pointer, not a copy.
    private static var distinguishingIDParameter: UnsafePointer<CChar> {
        let name: StaticString = "distid"
        return UnsafeRawPointer(name.utf8Start).assumingMemoryBound(to: CChar.self)
    }
}
