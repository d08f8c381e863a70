import COpenSSL
import Foundation

/// An owned OpenSSL `EVP_PKEY`: the only place IDCore touches asymmetric-key pointers.
///
/// The key is never modified after creation. OpenSSL allows one such key to sign and verify
/// from many threads at once, each operation using its own context (see
/// `EVPSignatureOperation`), which is what makes the public key types `Sendable`.
final class EVPKey: @unchecked Sendable {
    let algorithm: SignatureAlgorithm
    /// The `EVP_PKEY`, for the other wrappers in this folder only.
    let key: OpaquePointer

    private init(taking key: OpaquePointer, expected: SignatureAlgorithm?) throws {
        guard let algorithm = Self.algorithm(of: key) else {
            EVP_PKEY_free(key)
            OpenSSLErrorQueue.drain()
            throw IDCoreError(.unsupportedAlgorithm, "The key is not a P-256, P-384, SM2 or Ed25519 key.")
        }
        if let expected, expected != algorithm {
            EVP_PKEY_free(key)
            throw IDCoreError(.algorithmMismatch, "The key is a \(algorithm.joseName) key where \(expected.joseName) was expected.")
        }
        self.key = key
        self.algorithm = algorithm
    }

    /// Takes a key this file built for `algorithm`.
    private init(taking key: OpaquePointer, algorithm: SignatureAlgorithm) {
        self.key = key
        self.algorithm = algorithm
    }

    deinit {
        EVP_PKEY_free(key)
    }

    /// Generates a fresh key pair with OpenSSL's CSPRNG.
    static func generate(_ algorithm: SignatureAlgorithm) throws -> EVPKey {
        guard let context = EVP_PKEY_CTX_new_from_name(nil, algorithm.openSSLKeyType, nil) else {
            throw OpenSSLErrorQueue.error(.cryptographicFailure, "Could not create a key generation context.")
        }
        defer { EVP_PKEY_CTX_free(context) }
        try OpenSSLErrorQueue.check(EVP_PKEY_keygen_init(context), .cryptographicFailure, "Key generation could not start.")
        if let group = algorithm.openSSLGroupName {
            try OpenSSLErrorQueue.check(EVP_PKEY_CTX_set_group_name(context, group), .cryptographicFailure, "Could not select curve \(group).")
        }
        var generated: OpaquePointer?
        try OpenSSLErrorQueue.check(EVP_PKEY_generate(context, &generated), .cryptographicFailure, "Key generation failed.")
        guard let generated else { throw OpenSSLErrorQueue.error(.cryptographicFailure, "Key generation returned no key.") }
        return try EVPKey(taking: generated, expected: algorithm)
    }

    /// Reads a PKCS#8 PrivateKeyInfo (or a SEC1 ECPrivateKey) and checks that the key is sound.
    convenience init(privateKeyDER der: Data, expected: SignatureAlgorithm? = nil) throws {
        let key = try Self.decode(der, what: "private key") { cursor, length in d2i_AutoPrivateKey(nil, &cursor, length) }
        try self.init(taking: key, expected: expected)
        try checkPrivateKey()
    }

    /// Builds a public key from its raw form: `04 || X || Y` or Ed25519's 32 bytes. OpenSSL
    /// refuses points that are not on the curve. A verifier imports the holder key of every
    /// presentation, so this avoids both OpenSSL 3's decoder framework (hundreds of µs) and, after
    /// the first key of a curve, building the curve again (`EVP_PKEY_fromdata`, about 20 µs):
    /// it duplicates a key of the same curve and replaces its point.
    convenience init(rawPublicKey: Data, algorithm: SignatureAlgorithm) throws {
        let key: OpaquePointer? = rawPublicKey.withUnsafeBytes { bytes in
            if algorithm == .edDSA {
                return Self.importEd25519(bytes)
            }
            if let template = CurveTemplates.shared.template(for: algorithm), let copy = EVP_PKEY_dup(template) {
                guard EVP_PKEY_set1_encoded_public_key(copy, bytes.nonNullBase, bytes.count) == 1 else {
                    EVP_PKEY_free(copy)
                    return nil
                }
                return copy
            }
            guard let key = Self.importPoint(bytes, algorithm: algorithm) else { return nil }
            CurveTemplates.shared.remember(key, for: algorithm)
            return key
        }
        guard let key else {
            throw OpenSSLErrorQueue.error(.invalidKey, "The \(algorithm.joseName) public key is not a valid point for its curve.")
        }
        OpenSSLErrorQueue.drain()
        // Built above for this very algorithm: asking OpenSSL what it is would look its names up
        // again, about a microsecond and a half for an EC key.
        self.init(taking: key, algorithm: algorithm)
    }

    /// Prepared Ed25519 import contexts: `EVP_PKEY_new_raw_public_key` looks the algorithm up
    /// by name on every call, which cost more than half of reading a holder's key.
    private static let ed25519Imports = EVPContextPool(make: {
        guard let context = EVP_PKEY_CTX_new_from_name(nil, "ED25519", nil) else {
            throw OpenSSLErrorQueue.error(.cryptographicFailure, "Could not create an Ed25519 import context.")
        }
        return context
    }, free: EVP_PKEY_CTX_free)

    private static func importEd25519(_ bytes: UnsafeRawBufferPointer) -> OpaquePointer? {
        try? ed25519Imports.withContext { context in
            guard EVP_PKEY_fromdata_init(context) == 1 else { return (nil, false) }
            var parameters = [
                OSSL_PARAM_construct_octet_string(cString("pub"), UnsafeMutableRawPointer(mutating: bytes.baseAddress), bytes.count),
                OSSL_PARAM_construct_end(),
            ]
            var key: OpaquePointer?
            let imported = EVP_PKEY_fromdata(context, &key, virtualidkit_public_key_selection(), &parameters) == 1
            return (imported ? key : nil, true)
        }
    }

    private static func importPoint(_ bytes: UnsafeRawBufferPointer, algorithm: SignatureAlgorithm) -> OpaquePointer? {
        guard let context = EVP_PKEY_CTX_new_from_name(nil, algorithm.openSSLKeyType, nil) else { return nil }
        defer { EVP_PKEY_CTX_free(context) }
        guard EVP_PKEY_fromdata_init(context) == 1, let group = algorithm.openSSLGroupName else { return nil }
        var parameters = [
            OSSL_PARAM_construct_utf8_string(cString("group"), UnsafeMutablePointer(mutating: group), 0),
            OSSL_PARAM_construct_octet_string(cString("pub"), UnsafeMutableRawPointer(mutating: bytes.baseAddress), bytes.count),
            OSSL_PARAM_construct_end(),
        ]
        var key: OpaquePointer?
        guard EVP_PKEY_fromdata(context, &key, virtualidkit_public_key_selection(), &parameters) == 1 else { return nil }
        return key
    }

    /// The raw public key: the uncompressed point `04 || X || Y`, or Ed25519's 32 bytes.
    func rawPublicKey() throws -> Data {
        var buffer = [UInt8](repeating: 0, count: 1 + 2 * 66)
        var length = buffer.count  // the buffer size on entry for EVP_PKEY_get_raw_public_key
        let result = algorithm == .edDSA
            ? EVP_PKEY_get_raw_public_key(key, &buffer, &length)
            : EVP_PKEY_get_octet_string_param(key, Self.cString("encoded-pub-key"), &buffer, buffer.count, &length)
        try OpenSSLErrorQueue.check(result, .cryptographicFailure, "Could not export the public key.")
        return Data(buffer.prefix(length))
    }

    /// The key as PKCS#8 PrivateKeyInfo DER.
    func privateKeyDER() throws -> Data {
        guard let info = EVP_PKEY2PKCS8(key) else {
            throw OpenSSLErrorQueue.error(.invalidKey, "The key has no private part to export.")
        }
        defer { PKCS8_PRIV_KEY_INFO_free(info) }
        return Data(try OpenSSLDER.encode("private key") { i2d_PKCS8_PRIV_KEY_INFO(info, $0) })
    }

    /// Checks a freshly read private key: the scalar is in range and matches its public point.
    private func checkPrivateKey() throws {
        guard let context = EVP_PKEY_CTX_new_from_pkey(nil, key, nil) else {
            throw OpenSSLErrorQueue.error(.cryptographicFailure, "Could not create a key check context.")
        }
        defer { EVP_PKEY_CTX_free(context) }
        try OpenSSLErrorQueue.check(EVP_PKEY_pairwise_check(context), .invalidKey,
                                    "The private key is out of range or does not match its public key.")
    }

    private static func algorithm(of key: OpaquePointer) -> SignatureAlgorithm? {
        if EVP_PKEY_is_a(key, "ED25519") == 1 { return .edDSA }
        if EVP_PKEY_is_a(key, "SM2") == 1 { return .sm2 }
        guard EVP_PKEY_is_a(key, "EC") == 1 else { return nil }
        var name = [CChar](repeating: 0, count: 64)
        var length = 0
        guard EVP_PKEY_get_group_name(key, &name, name.count, &length) == 1 else { return nil }
        switch String(decoding: name.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self) {
        case "prime256v1", "P-256": return .es256
        case "secp384r1", "P-384": return .es384
        default: return nil
        }
    }

    /// Runs an OpenSSL `d2i_*` decoder over all of `der`, refusing trailing bytes.
    private static func decode(_ der: Data, what: String, _ decoder: (inout UnsafePointer<UInt8>?, Int) -> OpaquePointer?) throws -> OpaquePointer {
        guard let decoded = OpenSSLDER.decode(der, decoder, free: EVP_PKEY_free) else {
            throw OpenSSLErrorQueue.error(.invalidKeyEncoding, "The \(what) is not valid DER for a supported key type.")
        }
        OpenSSLErrorQueue.drain()
        return decoded
    }
}

/// One public key per curve, kept to be duplicated: a duplicate shares the curve's
/// precomputed group instead of building it again. Only ever read after it is stored.
private final class CurveTemplates: @unchecked Sendable {
    static let shared = CurveTemplates()

    private let lock = NSLock()
    private var templates: [SignatureAlgorithm: OpaquePointer] = [:]

    func template(for algorithm: SignatureAlgorithm) -> OpaquePointer? {
        lock.withLock { templates[algorithm] }
    }

    func remember(_ key: OpaquePointer, for algorithm: SignatureAlgorithm) {
        lock.withLock {
            guard templates[algorithm] == nil, EVP_PKEY_up_ref(key) == 1 else { return }
            templates[algorithm] = key
        }
    }
}

private extension EVPKey {
    /// A C string in static storage: OSSL_PARAM keeps pointers, not copies.
    static func cString(_ text: StaticString) -> UnsafePointer<CChar> {
        UnsafeRawPointer(text.utf8Start).assumingMemoryBound(to: CChar.self)
    }
}

private extension SignatureAlgorithm {
    var openSSLKeyType: String {
        switch self {
        case .es256, .es384: "EC"
        case .sm2: "SM2"
        case .edDSA: "ED25519"
        }
    }

    var openSSLGroupName: UnsafePointer<CChar>? {
        switch self {
        case .es256: EVPKey.cString("P-256")
        case .es384: EVPKey.cString("P-384")
        case .sm2: EVPKey.cString("SM2")
        case .edDSA: nil
        }
    }
}

extension UnsafeRawBufferPointer {
    /// The start address, or a valid address for an empty buffer: OpenSSL rejects a null data
    /// pointer in some calls even when the length is zero.
    var nonNullBase: UnsafePointer<UInt8> {
        if let base = baseAddress { return base.assumingMemoryBound(to: UInt8.self) }
        return UnsafeRawPointer(Self.emptyInput.utf8Start).assumingMemoryBound(to: UInt8.self)
    }

    private static let emptyInput: StaticString = ""
}
