/// A COSE_Mac0 message (RFC 9052 §6.2): a payload, carried or detached, authenticated with a
/// key both sides share, as an ISO/IEC 18013-5 device authenticates with a session's MAC key.
///
/// HMAC with SHA-256, SHA-384 or SHA-512 and the full-length tag (RFC 9053 §3.1: algorithms 5,
/// 6 and 7); the truncated HMAC 256/64 is not offered. The tag is compared in constant time.
public struct COSEMac0: Sendable, Hashable {
    /// The CBOR tag of a tagged COSE_Mac0.
    public static let tag: UInt64 = 17

    private let parts: COSEMessageParts

    /// The protected header exactly as it was authenticated.
    public var protectedHeaderBytes: [UInt8] { parts.protectedHeaderBytes }
    /// The protected header, decoded.
    public var protectedHeader: CBORMap { parts.protectedHeader }
    /// Header parameters outside the tag.
    public var unprotectedHeader: CBORMap { parts.unprotectedHeader }
    /// The payload, or nil when it is detached.
    public var payload: [UInt8]? { parts.payload }
    /// The authentication tag.
    public var authenticationTag: [UInt8] { parts.trailer }

    /// The COSE identifier of HMAC with `hash` and a full-length tag; nil for SM3, which has none.
    public static func algorithmIdentifier(of hash: HashFunction) -> Int64? {
        switch hash {
        case .sha256: 5
        case .sha384: 6
        case .sha512: 7
        case .sm3: nil
        }
    }

    /// Authenticates `payload` with `key` and HMAC-`hash`.
    public static func authenticate(_ payload: [UInt8], detached: Bool = false, protected: CBORMap = [:], unprotected: CBORMap = [:],
                                    externalAAD: [UInt8] = [], key: [UInt8], hash: HashFunction = .sha256) throws -> COSEMac0 {
        guard let identifier = algorithmIdentifier(of: hash) else {
            throw IDCoreError(.unsupportedAlgorithm, "COSE registers HMAC with SHA-256, SHA-384 and SHA-512, not \(hash).")
        }
        let header = try COSEMessageParts.protectedHeader(algorithm: identifier, protected, unprotected: unprotected)
        let code = try hash.authenticationCode(for: COSEMessageParts.authenticated("MAC0", header.bytes, externalAAD: externalAAD, payload: payload), using: key)
        return COSEMac0(parts: COSEMessageParts(protectedHeaderBytes: header.bytes, protectedHeader: header.map, unprotectedHeader: unprotected,
                                                payload: detached ? nil : payload, trailer: Array(code)))
    }

    private init(parts: COSEMessageParts) {
        self.parts = parts
    }

    /// Reads a COSE_Mac0, tagged (17) or not, from its encoding.
    public init(encoded bytes: some Collection<UInt8>, decoder: CBORDecoder = CBORDecoder()) throws {
        parts = try decoder.read(bytes) { try COSEMessageParts(reading: &$0, depth: 0, tag: Self.tag, name: "COSE_Mac0") }
    }

    /// Reads a COSE_Mac0 in place, tagged or not.
    init(reading reader: inout CBORReader, depth: Int) throws {
        parts = try COSEMessageParts(reading: &reader, depth: depth, tag: Self.tag, name: "COSE_Mac0")
    }

    /// Reads a COSE_Mac0, tagged (17) or not, from a decoded item.
    public init(_ value: CBORValue) throws {
        parts = try COSEMessageParts(value, tag: Self.tag, name: "COSE_Mac0")
    }

    /// The message as a CBOR item: the array, tagged 17 unless `tagged` is false.
    public func cborValue(tagged: Bool = true) -> CBORValue {
        parts.cborValue(tag: Self.tag, tagged: tagged)
    }

    /// The message's encoding, the unprotected header in the order it holds.
    public func encoded(tagged: Bool = true) -> [UInt8] {
        CBOREncoder.encode(cborValue(tagged: tagged), mapOrder: .asGiven)
    }

    /// The hash function of the HMAC the protected header names.
    public var hash: HashFunction {
        get throws {
            let named = protectedHeader[COSEAlgorithm.headerLabel]
            guard let hash = [HashFunction.sha256, .sha384, .sha512].first(where: { named?.int64Value == Self.algorithmIdentifier(of: $0) }) else {
                throw IDCoreError(.unsupportedAlgorithm, "The COSE_Mac0's protected header names \(named.map { "algorithm \($0)" } ?? "no algorithm"), not HMAC 256/256, 384/384 or 512/512 (5, 6, 7).")
            }
            return hash
        }
    }

    /// Whether `key` authenticated this message (the payload, the protected header and
    /// `externalAAD`); a detached payload is supplied as `detachedPayload`, and only then.
    public func isValid(key: [UInt8], detachedPayload: [UInt8]? = nil, externalAAD: [UInt8] = []) throws -> Bool {
        let hash = try hash
        let authenticated = try parts.authenticatedPayload(detached: detachedPayload, name: "COSE_Mac0")
        guard authenticationTag.count == hash.digestLength else { return false }
        return try hash.isValidAuthenticationCode(authenticationTag, for: COSEMessageParts.authenticated("MAC0", protectedHeaderBytes, externalAAD: externalAAD, payload: authenticated), using: key)
    }
}
