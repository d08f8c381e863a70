import Foundation

/// A private key that signs: P-256, P-384, SM2 or Ed25519.
///
/// Immutable and `Sendable`; one key may sign from many tasks at once. Its `description` shows
/// the algorithm and the public key's thumbprint, never key material.
///
/// ```swift
/// let key = try SigningKey(generating: .sm2)
/// let signature = try key.signature(for: Data("hello".utf8))
/// assert(key.publicKey.isValidSignature(signature, for: Data("hello".utf8)))
/// ```
public struct SigningKey: MessageSigner, CustomStringConvertible {
    /// The algorithm this key signs with.
    public var algorithm: SignatureAlgorithm { key.algorithm }
    /// The matching public key, carrying the same SM2 distinguishing ID.
    public let publicKey: VerificationKey

    let key: EVPKey
    private let signing: EVPSignatureOperation

    private init(key: EVPKey, sm2DistinguishingID: Data = SignatureAlgorithm.defaultSM2DistinguishingID) throws {
        self.key = key
        self.publicKey = try VerificationKey(key: key, sm2DistinguishingID: sm2DistinguishingID)
        self.signing = try EVPSignatureOperation(key: key, purpose: .sign, distinguishingID: publicKey.sm2DistinguishingID)
    }

    /// Generates a new key with OpenSSL's CSPRNG.
    public init(generating algorithm: SignatureAlgorithm) throws {
        try self.init(key: EVPKey.generate(algorithm))
    }

    /// Reads PKCS#8 PrivateKeyInfo DER (RFC 5208; unencrypted). The key is checked: the scalar
    /// must be in range and match the embedded public key.
    public init(pkcs8DERRepresentation: some DataProtocol) throws {
        try self.init(key: EVPKey(privateKeyDER: Data(pkcs8DERRepresentation)))
    }

    /// Reads a `PRIVATE KEY` (PKCS#8) or `EC PRIVATE KEY` (SEC1, RFC 5915) PEM document.
    public init(pemRepresentation: String) throws {
        let document = try PEMDocument(parsing: pemRepresentation, acceptedLabels: ["PRIVATE KEY", "EC PRIVATE KEY"])
        try self.init(key: EVPKey(privateKeyDER: document.der))
    }

    /// Reads a raw private key: the big-endian scalar for ES256, ES384 and SM2, the 32-byte seed
    /// for EdDSA.
    public init(rawRepresentation: some DataProtocol, algorithm: SignatureAlgorithm) throws {
        guard rawRepresentation.count == algorithm.scalarLength else {
            throw IDCoreError(
                .invalidKeyEncoding,
                "A raw \(algorithm.joseName) private key is \(algorithm.scalarLength) bytes; this one is \(rawRepresentation.count)."
            )
        }
        let der = KeyEncodingLayout.privateKeyInfo(rawPrivateKey: rawRepresentation, algorithm: algorithm)
        try self.init(key: EVPKey(privateKeyDER: der, expected: algorithm))
    }

    /// Reads a private JWK; its public members must match the private scalar.
    public init(jwk: JSONWebKey) throws {
        let algorithm = try jwk.signatureAlgorithm()
        let statedPublicKey = try jwk.rawPublicKey(for: algorithm)
        try self.init(rawRepresentation: jwk.rawPrivateKey(for: algorithm), algorithm: algorithm)
        guard publicKey.rawRepresentation == statedPublicKey else {
            throw IDCoreError(.invalidKey, "The JWK's public members do not belong to its private key 'd'.")
        }
    }

    /// PKCS#8 PrivateKeyInfo DER. Handle with care: this is the secret key.
    public var pkcs8DERRepresentation: Data {
        get throws { try key.privateKeyDER() }
    }

    /// A `PRIVATE KEY` (PKCS#8) PEM document. Handle with care: this is the secret key.
    public var pemRepresentation: String {
        get throws { PEMDocument(label: "PRIVATE KEY", der: try pkcs8DERRepresentation).text }
    }

    /// The raw private scalar or Ed25519 seed. Handle with care: this is the secret key.
    public var rawRepresentation: Data {
        get throws { try KeyEncodingLayout.rawPrivateKey(privateKeyInfo: pkcs8DERRepresentation, algorithm: algorithm) }
    }

    /// The private JWK, with the thumbprint as `kid`. Handle with care: it holds `d`.
    public var jwk: JSONWebKey {
        get throws {
            JSONWebKey(algorithm: algorithm, rawPublicKey: publicKey.rawRepresentation,
                       rawPrivateKey: try rawRepresentation, keyID: publicKey.thumbprint)
        }
    }

    /// The same key signing SM2 signatures under another distinguishing ID.
    public func withSM2DistinguishingID(_ identifier: Data) throws -> SigningKey {
        guard algorithm == .sm2 else {
            throw IDCoreError(.algorithmMismatch, "Only SM2 keys have a distinguishing ID; this is a \(algorithm.joseName) key.")
        }
        return try SigningKey(key: key, sm2DistinguishingID: SignatureAlgorithm.validatedSM2DistinguishingID(identifier))
    }

    /// Signs `message`. ECDSA and SM2 draw a fresh nonce from OpenSSL's CSPRNG for each
    /// signature; Ed25519 is deterministic.
    public func signature(forBytes message: UnsafeRawBufferPointer) throws -> Signature {
        let produced = try signing.sign(message)
        return algorithm.hasDERSignatures
            ? try Signature(der: produced[...], algorithm: algorithm)
            : try Signature(checkedRaw: Data(produced), algorithm: algorithm)
    }

    public var description: String { "SigningKey(\(algorithm.joseName), thumbprint: \(publicKey.thumbprint))" }
}
