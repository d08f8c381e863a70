/// A COSE_Sign1 message (RFC 9052 §4.2): one signer's signature over a payload, carried or
/// detached, and a protected header; the issuer signature of an ISO/IEC 18013-5 mobile
/// document and the device signature of its presentation.
///
/// Reading one checks its structure strictly (four items, the protected header a serialized
/// map, no label in both headers, no critical header this SDK does not understand); verifying
/// checks that the protected header names the key's algorithm before the signature is tried.
public struct COSESign1: Sendable, Hashable {
    /// The CBOR tag of a tagged COSE_Sign1.
    public static let tag: UInt64 = 18

    private let parts: COSEMessageParts

    /// The protected header exactly as it was signed: the bytes of a serialized map.
    public var protectedHeaderBytes: [UInt8] { parts.protectedHeaderBytes }
    /// The protected header, decoded.
    public var protectedHeader: CBORMap { parts.protectedHeader }
    /// Header parameters outside the signature (an `x5chain`, a `kid`).
    public var unprotectedHeader: CBORMap { parts.unprotectedHeader }
    /// The payload, or nil when it is detached and the verifier supplies it.
    public var payload: [UInt8]? { parts.payload }
    /// The signature in its fixed-size form (`r || s` for ECDSA and SM2, RFC 9053 §2.1).
    public var signature: [UInt8] { parts.trailer }

    /// Signs `payload` with `signer`, naming its algorithm in the protected header beside the
    /// parameters of `protected`; `detached` leaves the payload out of the message.
    public static func sign(_ payload: [UInt8], detached: Bool = false, protected: CBORMap = [:], unprotected: CBORMap = [:],
                            externalAAD: [UInt8] = [], signer: some MessageSigner) throws -> COSESign1 {
        let header = try COSEMessageParts.protectedHeader(algorithm: COSEAlgorithm.identifier(of: signer.algorithm), protected, unprotected: unprotected)
        let signature = try signer.signature(for: COSEMessageParts.authenticated("Signature1", header.bytes, externalAAD: externalAAD, payload: payload))
        return COSESign1(parts: COSEMessageParts(protectedHeaderBytes: header.bytes, protectedHeader: header.map, unprotectedHeader: unprotected,
                                                 payload: detached ? nil : payload, trailer: Array(signature.rawRepresentation)))
    }

    private init(parts: COSEMessageParts) {
        self.parts = parts
    }

    /// Reads a COSE_Sign1, tagged (18) or not, from its encoding.
    public init(encoded bytes: some Collection<UInt8>, decoder: CBORDecoder = CBORDecoder()) throws {
        parts = try decoder.read(bytes) { try COSEMessageParts(reading: &$0, depth: 0, tag: Self.tag, name: "COSE_Sign1") }
    }

    /// Reads a COSE_Sign1 in place, tagged or not.
    init(reading reader: inout CBORReader, depth: Int) throws {
        parts = try COSEMessageParts(reading: &reader, depth: depth, tag: Self.tag, name: "COSE_Sign1")
    }

    /// Reads a COSE_Sign1, tagged (18) or not, from a decoded item.
    public init(_ value: CBORValue) throws {
        parts = try COSEMessageParts(value, tag: Self.tag, name: "COSE_Sign1")
    }

    /// The message as a CBOR item: the array, tagged 18 unless `tagged` is false.
    public func cborValue(tagged: Bool = true) -> CBORValue {
        parts.cborValue(tag: Self.tag, tagged: tagged)
    }

    /// The message's encoding, the unprotected header in the order it holds.
    public func encoded(tagged: Bool = true) -> [UInt8] {
        CBOREncoder.encode(cborValue(tagged: tagged), mapOrder: .asGiven)
    }

    /// The algorithm the protected header names; throws when it names none or one the SDK does
    /// not sign with.
    public var algorithm: SignatureAlgorithm {
        get throws {
            guard let identifier = protectedHeader[COSEAlgorithm.headerLabel] else {
                throw IDCoreError(.malformedCOSE, "The COSE_Sign1's protected header names no algorithm.")
            }
            return try COSEAlgorithm.signatureAlgorithm(identifier)
        }
    }

    /// Whether `key` signed this message: the protected header must name the key's algorithm
    /// (`algorithm-mismatch` otherwise), a detached payload is supplied as `detachedPayload`
    /// (and only then), and `externalAAD` is what the signer bound in.
    public func isValidSignature(by key: VerificationKey, detachedPayload: [UInt8]? = nil, externalAAD: [UInt8] = []) throws -> Bool {
        let named = try algorithm
        guard named == key.algorithm else {
            throw IDCoreError(.algorithmMismatch, "The COSE_Sign1 is signed with \(named.joseName), the key is \(key.algorithm.joseName).")
        }
        let signed = try parts.authenticatedPayload(detached: detachedPayload, name: "COSE_Sign1")
        guard signature.count == named.rawSignatureLength else { return false }
        let toBeSigned = COSEMessageParts.authenticated("Signature1", protectedHeaderBytes, externalAAD: externalAAD, payload: signed)
        return key.isValidSignature(try Signature(rawRepresentation: signature, algorithm: named), for: toBeSigned)
    }
}
