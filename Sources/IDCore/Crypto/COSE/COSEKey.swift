/// A COSE_Key (RFC 9052 section 7, RFC 9053 section 7): a public signature key (EC2 P-256,
/// P-384 or SM2; OKP Ed25519) or a symmetric key, as CBOR. An mdoc carries the holder's device
/// key this way, and a reader its ephemeral key.
///
/// Decoding is strict: the key type, curve and coordinates must agree and have their exact
/// lengths, a public key with a private part (`d`) is refused rather than silently carried, and
/// `alg`, when present, must fit the key. Parameters this SDK does not use (`key_ops`, `Base IV`)
/// are ignored. SM2 has no registered COSE curve; this SDK uses -65537 from the private-use
/// range (as for its algorithm identifier, ``COSEAlgorithm``). A compressed point (`y` as a
/// boolean) is refused: every mdoc profile this SDK serves sends both coordinates.
///
/// `description` never shows a symmetric key's bytes.
public struct COSEKey: Sendable, Hashable, CustomStringConvertible {
    /// What the key is.
    public enum Material: Sendable, Hashable {
        /// A public key that verifies signatures (and, for an EC2 key, agrees keys).
        case publicKey(VerificationKey)
        /// A symmetric key (`kty` 4), for COSE_Mac0.
        case symmetric(SecretKey)
    }

    /// The key itself.
    public let material: Material
    /// `kid` (label 2).
    public let keyID: [UInt8]?
    /// `alg` (label 3), when the key is restricted to one algorithm.
    public let algorithm: Int64?

    /// Labels of the common and key-type parameters (RFC 9052 table 4, RFC 9053 tables 15-17).
    private enum Label {
        static let keyType: CBORValue = 1, keyID: CBORValue = 2, algorithm: CBORValue = 3
        static let curve: CBORValue = -1, x: CBORValue = -2, y: CBORValue = -3, d: CBORValue = -4
        /// The symmetric key's `k` shares label -1 with `crv`.
        static let k: CBORValue = -1
    }

    /// `kty` values (RFC 9053 table 20).
    private enum KeyType {
        static let okp: Int64 = 1, ec2: Int64 = 2, symmetric: Int64 = 4
    }

    /// Wraps a public key.
    public init(publicKey: VerificationKey, keyID: [UInt8]? = nil, algorithm: Int64? = nil) {
        material = .publicKey(publicKey)
        self.keyID = keyID
        self.algorithm = algorithm
    }

    /// Wraps a symmetric key.
    public init(symmetricKey: SecretKey, keyID: [UInt8]? = nil, algorithm: Int64? = nil) {
        material = .symmetric(symmetricKey)
        self.keyID = keyID
        self.algorithm = algorithm
    }

    /// Reads an encoded COSE_Key.
    public init(encoded bytes: some Collection<UInt8>, decoder: CBORDecoder = CBORDecoder()) throws {
        try self.init(decoder.decode(bytes))
    }

    /// Reads a decoded COSE_Key; throws `invalid-key-encoding` for anything else and
    /// `unsupported-algorithm` for a key type or curve this SDK does not verify with.
    public init(_ value: CBORValue) throws {
        guard let map = value.mapValue else { throw IDCoreError(.invalidKeyEncoding, "A COSE_Key is a CBOR map.") }
        guard let keyType = map[Label.keyType]?.int64Value else {
            throw IDCoreError(.invalidKeyEncoding, "A COSE_Key has an integer key type (label 1).")
        }
        if let keyID = map[Label.keyID], keyID.bytesValue == nil {
            throw IDCoreError(.invalidKeyEncoding, "A COSE_Key's kid (label 2) is a byte string.")
        }
        if let algorithm = map[Label.algorithm], algorithm.int64Value == nil {
            throw IDCoreError(.unsupportedAlgorithm, "A COSE_Key's alg (label 3) is \(algorithm); this SDK reads integer identifiers only.")
        }
        self.keyID = map[Label.keyID]?.bytesValue
        self.algorithm = map[Label.algorithm]?.int64Value
        switch keyType {
        case KeyType.symmetric:
            guard let k = map[Label.k]?.bytesValue, !k.isEmpty else {
                throw IDCoreError(.invalidKeyEncoding, "A symmetric COSE_Key has its key bytes in k (label -1).")
            }
            material = .symmetric(try SecretKey(data: k))
        case KeyType.ec2, KeyType.okp:
            guard map[Label.d] == nil else {
                throw IDCoreError(.invalidKeyEncoding, "The COSE_Key carries a private key (d, label -4) where a public key is expected.")
            }
            let signatureAlgorithm = try Self.signatureAlgorithm(keyType: keyType, curve: map[Label.curve])
            let x = try Self.coordinate("x", map[Label.x], length: signatureAlgorithm.scalarLength)
            let raw: [UInt8]
            if keyType == KeyType.okp {
                guard map[Label.y] == nil else { throw IDCoreError(.invalidKeyEncoding, "An OKP COSE_Key has no y (label -3).") }
                raw = x
            } else {
                if map[Label.y]?.boolValue != nil {
                    throw IDCoreError(.invalidKeyEncoding, "The COSE_Key's point is compressed (y is a boolean); send y as a byte string.")
                }
                raw = [0x04] + x + (try Self.coordinate("y", map[Label.y], length: signatureAlgorithm.scalarLength))
            }
            if let algorithm, try COSEAlgorithm.signatureAlgorithm(.integer(algorithm)) != signatureAlgorithm {
                throw IDCoreError(.algorithmMismatch, "The COSE_Key's alg \(algorithm) does not fit its \(signatureAlgorithm.joseName) key.")
            }
            material = .publicKey(try VerificationKey(rawRepresentation: raw, algorithm: signatureAlgorithm))
        default:
            throw IDCoreError(.unsupportedAlgorithm, "COSE key type \(keyType) is not OKP (1), EC2 (2) or Symmetric (4).")
        }
    }

    /// The public key, or nil for a symmetric key.
    public var publicKey: VerificationKey? {
        if case .publicKey(let key) = material { key } else { nil }
    }

    /// The key as a CBOR map, labels in deterministic order when encoded.
    public var cborValue: CBORValue {
        var pairs: [(CBORValue, CBORValue)] = []
        switch material {
        case .symmetric(let key):
            pairs = [(Label.keyType, .integer(KeyType.symmetric)), (Label.k, .bytes(Array(key.rawRepresentation)))]
        case .publicKey(let key):
            let (keyType, curve) = Self.keyTypeAndCurve(key.algorithm)
            let raw = Array(key.rawRepresentation)
            pairs = [(Label.keyType, .integer(keyType)), (Label.curve, .integer(curve))]
            if key.algorithm == .edDSA {
                pairs.append((Label.x, .bytes(raw)))
            } else {
                let width = key.algorithm.scalarLength
                pairs += [(Label.x, .bytes(Array(raw[1...width]))), (Label.y, .bytes(Array(raw[(1 + width)...])))]
            }
        }
        if let keyID { pairs.append((Label.keyID, .bytes(keyID))) }
        if let algorithm { pairs.append((Label.algorithm, .integer(algorithm))) }
        // The labels above are distinct by construction.
        return .map(CBORMap(checked: pairs.map { CBORMap.Entry(key: $0.0, value: $0.1) }))
    }

    /// The key encoded as deterministic CBOR.
    public func encoded() -> [UInt8] { CBOREncoder.encode(cborValue) }

    public var description: String {
        switch material {
        case .publicKey(let key): "COSEKey(\(key))"
        case .symmetric(let key): "COSEKey(symmetric, \(key.bitCount) bits)"
        }
    }

    /// `kty` and `crv` of a signature key: EC2 with P-256 (1), P-384 (2) or SM2 (-65537,
    /// private use); OKP with Ed25519 (6).
    private static func keyTypeAndCurve(_ algorithm: SignatureAlgorithm) -> (Int64, Int64) {
        switch algorithm {
        case .es256: (KeyType.ec2, 1)
        case .es384: (KeyType.ec2, 2)
        case .sm2: (KeyType.ec2, -65537)
        case .edDSA: (KeyType.okp, 6)
        }
    }

    private static func signatureAlgorithm(keyType: Int64, curve: CBORValue?) throws -> SignatureAlgorithm {
        guard let curve = curve?.int64Value else { throw IDCoreError(.invalidKeyEncoding, "The COSE_Key has no integer curve (crv, label -1).") }
        guard let algorithm = SignatureAlgorithm.allCases.first(where: { keyTypeAndCurve($0) == (keyType, curve) }) else {
            throw IDCoreError(.unsupportedAlgorithm, "COSE curve \(curve) with key type \(keyType) is not P-256, P-384, SM2 (EC2) or Ed25519 (OKP).")
        }
        return algorithm
    }

    private static func coordinate(_ name: String, _ value: CBORValue?, length: Int) throws -> [UInt8] {
        guard let bytes = value?.bytesValue, bytes.count == length else {
            throw IDCoreError(.invalidKeyEncoding, "The COSE_Key's \(name) is a byte string of \(length) bytes.")
        }
        return bytes
    }
}
