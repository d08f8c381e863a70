import Foundation

/// The fixed ASN.1 shapes of each algorithm's keys: SubjectPublicKeyInfo (RFC 5280, RFC 5480,
/// RFC 8410) and PKCS#8 (RFC 5208, RFC 5915). Keys are built and taken apart here so that only
/// DER, never algorithm-specific OpenSSL calls, crosses into the EVP layer.
enum KeyEncodingLayout {
    // Object identifier contents (X.690 encoded arcs).
    private static let ecPublicKey: [UInt8] = [0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01]  // 1.2.840.10045.2.1
    private static let p256: [UInt8] = [0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07]   // 1.2.840.10045.3.1.7
    private static let p384: [UInt8] = [0x2b, 0x81, 0x04, 0x00, 0x22]                     // 1.3.132.0.34
    private static let sm2: [UInt8] = [0x2a, 0x81, 0x1c, 0xcf, 0x55, 0x01, 0x82, 0x2d]    // 1.2.156.10197.1.301
    private static let ed25519: [UInt8] = [0x2b, 0x65, 0x70]                              // 1.3.101.112

    private static func algorithmIdentifier(_ algorithm: SignatureAlgorithm) -> [UInt8] {
        let oid = { DER.element(DER.objectIdentifier, $0) }
        switch algorithm {
        case .es256: return DER.element(DER.sequence, oid(ecPublicKey) + oid(p256))
        case .es384: return DER.element(DER.sequence, oid(ecPublicKey) + oid(p384))
        case .sm2: return DER.element(DER.sequence, oid(ecPublicKey) + oid(sm2))
        case .edDSA: return DER.element(DER.sequence, oid(ed25519))
        }
    }

    /// The length of a raw public key: an uncompressed point `04 || X || Y`, or 32 bytes for
    /// Ed25519.
    static func rawPublicKeyLength(_ algorithm: SignatureAlgorithm) -> Int {
        algorithm == .edDSA ? 32 : 1 + 2 * algorithm.scalarLength
    }

    /// SubjectPublicKeyInfo for a raw public key.
    static func subjectPublicKeyInfo(rawPublicKey: some Collection<UInt8>, algorithm: SignatureAlgorithm) -> Data {
        Data(DER.element(DER.sequence, algorithmIdentifier(algorithm) + DER.element(DER.bitString, [0] + rawPublicKey)))
    }

    /// The algorithm and raw public key of a SubjectPublicKeyInfo, read strictly: one of the
    /// four supported algorithm identifiers, a BIT STRING without unused bits, nothing after.
    static func parseSubjectPublicKeyInfo(_ der: Data) throws -> (algorithm: SignatureAlgorithm, rawPublicKey: Data) {
        var outer = DER.Reader(der, failure: .invalidKeyEncoding)
        var info = DER.Reader(try outer.read(DER.sequence), failure: .invalidKeyEncoding)
        try outer.expectEnd()
        let identifier = DER.element(DER.sequence, Array(try info.read(DER.sequence)))
        guard let algorithm = SignatureAlgorithm.allCases.first(where: { algorithmIdentifier($0) == identifier }) else {
            throw IDCoreError(.unsupportedAlgorithm, "The public key is not a P-256, P-384, SM2 or Ed25519 key.")
        }
        let bits = try info.read(DER.bitString)
        try info.expectEnd()
        guard bits.first == 0 else {
            throw IDCoreError(.invalidKeyEncoding, "The public key BIT STRING has unused bits.")
        }
        return (algorithm, Data(bits.dropFirst()))
    }

    /// PKCS#8 PrivateKeyInfo for a raw private scalar (EC) or seed (Ed25519). For EC keys the
    /// public point is left out; OpenSSL derives it when it reads the key.
    static func privateKeyInfo(rawPrivateKey: some Collection<UInt8>, algorithm: SignatureAlgorithm) -> Data {
        let privateKey: [UInt8] = switch algorithm {
        case .edDSA:
            DER.element(DER.octetString, Array(rawPrivateKey))
        case .es256, .es384, .sm2:
            DER.element(DER.sequence, DER.element(DER.integer, [1]) + DER.element(DER.octetString, Array(rawPrivateKey)))
        }
        let version = DER.element(DER.integer, [0])
        return Data(DER.element(DER.sequence, version + algorithmIdentifier(algorithm) + DER.element(DER.octetString, privateKey)))
    }

    /// The raw private scalar or seed inside a PKCS#8 PrivateKeyInfo.
    static func rawPrivateKey(privateKeyInfo der: Data, algorithm: SignatureAlgorithm) throws -> Data {
        var outer = DER.Reader(der, failure: .invalidKeyEncoding)
        var info = DER.Reader(try outer.read(DER.sequence), failure: .invalidKeyEncoding)
        _ = try info.readUnsignedInteger()
        _ = try info.read(DER.sequence)
        var privateKey = DER.Reader(try info.read(DER.octetString), failure: .invalidKeyEncoding)
        switch algorithm {
        case .edDSA:
            return Data(try privateKey.read(DER.octetString))
        case .es256, .es384, .sm2:
            var ecPrivateKey = DER.Reader(try privateKey.read(DER.sequence), failure: .invalidKeyEncoding)
            _ = try ecPrivateKey.readUnsignedInteger()
            let scalar = try ecPrivateKey.read(DER.octetString)
            // RFC 5915 fixes the length to the curve order's, but leading zeros are sometimes dropped.
            return Data(repeating: 0, count: max(0, algorithm.scalarLength - scalar.count)) + Data(scalar)
        }
    }
}
