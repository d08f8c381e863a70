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

    /// The protected header exactly as it was signed: the bytes of a serialized map.
    public let protectedHeaderBytes: [UInt8]
    /// The protected header, decoded.
    public let protectedHeader: CBORMap
    /// Header parameters outside the signature (an `x5chain`, a `kid`).
    public let unprotectedHeader: CBORMap
    /// The payload, or nil when it is detached and the verifier supplies it.
    public let payload: [UInt8]?
    /// The signature in its fixed-size form (`r || s` for ECDSA and SM2, RFC 9053 §2.1).
    public let signature: [UInt8]

    /// Signs `payload` with `signer`, naming its algorithm in the protected header beside the
    /// parameters of `protected`; `detached` leaves the payload out of the message.
    public static func sign(_ payload: [UInt8], detached: Bool = false, protected: CBORMap = [:], unprotected: CBORMap = [:],
                            externalAAD: [UInt8] = [], signer: some MessageSigner) throws -> COSESign1 {
        var header = [(COSEAlgorithm.headerLabel, CBORValue.integer(COSEAlgorithm.identifier(of: signer.algorithm)))]
        header += protected.entries.filter { $0.key != COSEAlgorithm.headerLabel }.map { ($0.key, $0.value) }
        let protectedMap = try CBORMap(header)
        try checkDisjoint(protectedMap, unprotected)
        let protectedBytes = CBOREncoder.encode(.map(protectedMap))
        let toBeSigned = signatureStructure(protectedBytes, externalAAD: externalAAD, payload: payload)
        let signature = try signer.signature(for: toBeSigned)
        return COSESign1(protectedHeaderBytes: protectedBytes, protectedHeader: protectedMap, unprotectedHeader: unprotected,
                         payload: detached ? nil : payload, signature: Array(signature.rawRepresentation))
    }

    private init(protectedHeaderBytes: [UInt8], protectedHeader: CBORMap, unprotectedHeader: CBORMap, payload: [UInt8]?, signature: [UInt8]) {
        self.protectedHeaderBytes = protectedHeaderBytes
        self.protectedHeader = protectedHeader
        self.unprotectedHeader = unprotectedHeader
        self.payload = payload
        self.signature = signature
    }

    /// Reads a COSE_Sign1, tagged (18) or not, from its encoding.
    public init(encoded bytes: some Collection<UInt8>, decoder: CBORDecoder = CBORDecoder()) throws {
        try self.init(try decoder.decode(bytes))
    }

    /// Reads a COSE_Sign1, tagged (18) or not, from a decoded item.
    public init(_ value: CBORValue) throws {
        var item = value
        if case .tagged(let tag, let inner) = value {
            guard tag == Self.tag else { throw IDCoreError(.malformedCOSE, "A COSE_Sign1 is tagged 18, not \(tag).") }
            item = inner
        }
        guard let parts = item.arrayValue, parts.count == 4, let protectedBytes = parts[0].bytesValue, let unprotected = parts[1].mapValue,
              let signature = parts[3].bytesValue else {
            throw IDCoreError(.malformedCOSE, "A COSE_Sign1 is [protected bstr, unprotected map, payload bstr or nil, signature bstr].")
        }
        let payload: [UInt8]?
        switch parts[2] {
        case .bytes(let bytes): payload = bytes
        case .null: payload = nil
        default: throw IDCoreError(.malformedCOSE, "A COSE_Sign1 payload is a byte string or nil (detached).")
        }
        let protected = try Self.protectedMap(protectedBytes)
        try Self.checkDisjoint(protected, unprotected)
        if protected[2] != nil || unprotected[2] != nil {
            throw IDCoreError(.malformedCOSE, "The COSE_Sign1 names critical header parameters (crit); this SDK understands none beyond the standard ones.")
        }
        self.init(protectedHeaderBytes: protectedBytes, protectedHeader: protected, unprotectedHeader: unprotected, payload: payload, signature: signature)
    }

    /// The message as a CBOR item: the array, tagged 18 unless `tagged` is false.
    public func cborValue(tagged: Bool = true) -> CBORValue {
        let array: CBORValue = .array([.bytes(protectedHeaderBytes), .map(unprotectedHeader), payload.map(CBORValue.bytes) ?? .null, .bytes(signature)])
        return tagged ? .tagged(Self.tag, array) : array
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
        guard (payload == nil) != (detachedPayload == nil) else {
            throw IDCoreError(.invalidParameter, payload == nil ? "The COSE_Sign1's payload is detached: supply it." : "The COSE_Sign1 carries its payload: do not supply another.")
        }
        guard signature.count == named.rawSignatureLength else { return false }
        let toBeSigned = Self.signatureStructure(protectedHeaderBytes, externalAAD: externalAAD, payload: payload ?? detachedPayload ?? [])
        return key.isValidSignature(try Signature(rawRepresentation: signature, algorithm: named), for: toBeSigned)
    }

    /// Sig_structure for a COSE_Sign1 (RFC 9052 §4.4): what is signed.
    static func signatureStructure(_ protectedBytes: [UInt8], externalAAD: [UInt8], payload: [UInt8]) -> [UInt8] {
        CBOREncoder.encode(.array(["Signature1", .bytes(protectedBytes), .bytes(externalAAD), .bytes(payload)]))
    }

    /// The protected header's map: an empty byte string is the empty map (RFC 9052 §3).
    static func protectedMap(_ bytes: [UInt8]) throws -> CBORMap {
        guard !bytes.isEmpty else { return [:] }
        guard let map = try CBORDecoder().decode(bytes).mapValue else {
            throw IDCoreError(.malformedCOSE, "A COSE protected header is a serialized map.")
        }
        return map
    }

    /// RFC 9052 §3: a label is in one bucket or the other, never both.
    static func checkDisjoint(_ protected: CBORMap, _ unprotected: CBORMap) throws {
        if let shared = unprotected.entries.first(where: { protected[$0.key] != nil }) {
            throw IDCoreError(.malformedCOSE, "The COSE header label \(shared.key) is both protected and unprotected.")
        }
    }
}
