import Foundation

/// A public key that verifies signatures: P-256, P-384, SM2 or Ed25519.
///
/// Immutable and `Sendable`; one key may verify from many tasks at once.
///
/// ```swift
/// let issuerKey = try VerificationKey(pemRepresentation: pem)
/// guard issuerKey.isValidSignature(signature, for: message) else { ... }
/// ```
public struct VerificationKey: Sendable, Hashable, CustomStringConvertible {
    /// The algorithm this key verifies.
    public var algorithm: SignatureAlgorithm { key.algorithm }
    /// SubjectPublicKeyInfo DER, built when asked for: a verifier reads a holder key for every
    /// presentation and never needs this form of it.
    public var derRepresentation: Data {
        KeyEncodingLayout.subjectPublicKeyInfo(rawPublicKey: rawRepresentation, algorithm: algorithm)
    }
    /// The raw key: uncompressed point `04 || X || Y` for EC and SM2 keys, 32 bytes for Ed25519.
    public let rawRepresentation: Data
    /// The RFC 7638 JWK thumbprint (SHA-256, base64url): the key ID this SDK uses.
    public let thumbprint: String
    /// The signer's distinguishing ID for SM2 keys (GB/T 32918), nil for other algorithms.
    public let sm2DistinguishingID: Data?

    let key: EVPKey
    private let verification: EVPSignatureOperation

    /// Wraps an OpenSSL key; `rawPublicKey` saves exporting the point when the caller has it.
    init(key: EVPKey, rawPublicKey: Data? = nil, sm2DistinguishingID: Data? = SignatureAlgorithm.defaultSM2DistinguishingID) throws {
        self.key = key
        self.rawRepresentation = try rawPublicKey ?? key.rawPublicKey()
        self.sm2DistinguishingID = key.algorithm == .sm2 ? sm2DistinguishingID : nil
        self.verification = try EVPSignatureOperation(key: key, purpose: .verify, distinguishingID: self.sm2DistinguishingID)
        self.thumbprint = try Self.computeThumbprint(algorithm: key.algorithm, rawPublicKey: rawRepresentation)
    }

    /// Reads SubjectPublicKeyInfo DER.
    public init(derRepresentation: some DataProtocol) throws {
        let (algorithm, raw) = try KeyEncodingLayout.parseSubjectPublicKeyInfo(Data(derRepresentation))
        try self.init(rawRepresentation: raw, algorithm: algorithm)
    }

    /// Reads a `PUBLIC KEY` PEM document.
    public init(pemRepresentation: String) throws {
        let document = try PEMDocument(parsing: pemRepresentation, acceptedLabels: ["PUBLIC KEY"])
        try self.init(derRepresentation: document.der)
    }

    /// Reads a raw key: an uncompressed point for ES256, ES384 and SM2, 32 bytes for EdDSA.
    public init(rawRepresentation: some DataProtocol, algorithm: SignatureAlgorithm) throws {
        let expected = KeyEncodingLayout.rawPublicKeyLength(algorithm)
        guard rawRepresentation.count == expected, algorithm == .edDSA || rawRepresentation.first == 0x04 else {
            throw IDCoreError(
                .invalidKeyEncoding,
                "A raw \(algorithm.joseName) public key is \(expected) bytes\(algorithm == .edDSA ? "" : " starting with 04 (uncompressed)"); this one is \(rawRepresentation.count)."
            )
        }
        let raw = Data(rawRepresentation)
        try self.init(key: EVPKey(rawPublicKey: raw, algorithm: algorithm), rawPublicKey: raw)
    }

    /// Reads a public JWK (private members, if any, are ignored).
    public init(jwk: JSONWebKey) throws {
        let algorithm = try jwk.signatureAlgorithm()
        try self.init(rawRepresentation: jwk.rawPublicKey(for: algorithm), algorithm: algorithm)
    }

    /// A `PUBLIC KEY` PEM document.
    public var pemRepresentation: String {
        PEMDocument(label: "PUBLIC KEY", der: derRepresentation).text
    }

    /// The public JWK, with the thumbprint as `kid` and the algorithm as `alg`.
    public var jwk: JSONWebKey {
        JSONWebKey(algorithm: algorithm, rawPublicKey: rawRepresentation, rawPrivateKey: nil, keyID: thumbprint)
    }

    /// The same key verifying SM2 signatures made under another distinguishing ID.
    public func withSM2DistinguishingID(_ identifier: Data) throws -> VerificationKey {
        guard algorithm == .sm2 else {
            throw IDCoreError(.algorithmMismatch, "Only SM2 keys have a distinguishing ID; this is a \(algorithm.joseName) key.")
        }
        return try VerificationKey(key: key, rawPublicKey: rawRepresentation,
                                   sm2DistinguishingID: SignatureAlgorithm.validatedSM2DistinguishingID(identifier))
    }

    /// Whether `signature` is a valid signature by this key over `message`.
    ///
    /// A signature of another algorithm is invalid, never checked with the wrong key type.
    @inlinable
    public func isValidSignature(_ signature: Signature, for message: some DataProtocol) -> Bool {
        message.withContiguousBytes { isValidSignature(signature, forContiguousBytes: $0) }
    }

    @usableFromInline
    func isValidSignature(_ signature: Signature, forContiguousBytes message: UnsafeRawBufferPointer) -> Bool {
        guard signature.algorithm == algorithm, let encoded = try? signature.openSSLRepresentation else { return false }
        return encoded.withUnsafeBytes { verification.verify($0, message: message) }
    }

    public var description: String { "VerificationKey(\(algorithm.joseName), thumbprint: \(thumbprint))" }

    /// Equal when the algorithm, the point (which together fix the DER form) and any SM2
    /// distinguishing ID are.
    public static func == (lhs: VerificationKey, rhs: VerificationKey) -> Bool {
        lhs.algorithm == rhs.algorithm && lhs.rawRepresentation == rhs.rawRepresentation
            && lhs.sm2DistinguishingID == rhs.sm2DistinguishingID
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(algorithm)
        hasher.combine(rawRepresentation)
        hasher.combine(sm2DistinguishingID)
    }

    /// RFC 7638: SHA-256 over the required members in lexicographic order, no whitespace,
    /// written into a stack buffer straight from the raw key: verifiers create a key for every
    /// presentation's holder.
    private static func computeThumbprint(algorithm: SignatureAlgorithm, rawPublicKey: Data) throws -> String {
        let (keyType, curve) = algorithm.jwkKeyTypeAndCurve
        return try rawPublicKey.withUnsafeBytes { bytes in
            // Ed25519 keys are x alone; EC points are 04 || x || y.
            let raw = bytes.assumingMemoryBound(to: UInt8.self)
            let isEdwards = algorithm == .edDSA
            let coordinates = isEdwards ? raw[...] : raw.dropFirst()
            let width = isEdwards ? raw.count : algorithm.scalarLength
            let x = UnsafeBufferPointer(rebasing: coordinates.prefix(width))
            let y = isEdwards ? nil : UnsafeBufferPointer(rebasing: coordinates.suffix(width))
            // The longest, P-384, is 175 bytes.
            return try withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 256) { buffer in
                var length = 0
                func append(_ text: String) {
                    for byte in text.utf8 {
                        buffer[length] = byte
                        length += 1
                    }
                }
                func append(coordinate: UnsafeBufferPointer<UInt8>) {
                    length += Base64URL.encode(coordinate, into: UnsafeMutableBufferPointer(rebasing: buffer[length...]))
                }
                append(#"{"crv":""#)
                append(curve)
                append(#"","kty":""#)
                append(keyType)
                append(#"","x":""#)
                append(coordinate: x)
                if let y {
                    append(#"","y":""#)
                    append(coordinate: y)
                }
                append(#""}"#)
                return try HashFunction.sha256.base64URLDigest(of: UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: buffer[..<length])))
            }
        }
    }
}
