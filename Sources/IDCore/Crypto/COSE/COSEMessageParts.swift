/// The four items COSE_Sign1 and COSE_Mac0 share (RFC 9052 §4.2 and §6.2): a protected header
/// as the bytes it was authenticated in, an unprotected header, a payload or nil when it is
/// detached, and the signature or tag. Reading them checks what both structures require.
struct COSEMessageParts: Sendable, Hashable {
    let protectedHeaderBytes: [UInt8]
    let protectedHeader: CBORMap
    let unprotectedHeader: CBORMap
    let payload: [UInt8]?
    let trailer: [UInt8]

    init(protectedHeaderBytes: [UInt8], protectedHeader: CBORMap, unprotectedHeader: CBORMap, payload: [UInt8]?, trailer: [UInt8]) {
        self.protectedHeaderBytes = protectedHeaderBytes
        self.protectedHeader = protectedHeader
        self.unprotectedHeader = unprotectedHeader
        self.payload = payload
        self.trailer = trailer
    }

    /// Reads `value`, tagged `tag` or untagged; `name` says which structure in errors.
    init(_ value: CBORValue, tag: UInt64, name: String) throws {
        self = try CBORDecoder().read(CBOREncoder.encode(value, mapOrder: .asGiven)) { try COSEMessageParts(reading: &$0, depth: 0, tag: tag, name: name) }
    }

    /// Reads the structure at `depth` in place, tagged `tag` or untagged.
    init(reading reader: inout CBORReader, depth: Int, tag: UInt64, name: String) throws {
        var depth = depth
        if let found = try reader.readTag(depth: depth) {
            guard found == tag else { throw IDCoreError(.malformedCOSE, "A \(name) is tagged \(tag), not \(found).") }
            depth += 1
        }
        let shape = IDCoreError(.malformedCOSE, "A \(name) is [protected bstr, unprotected map, payload bstr or nil, bstr].")
        func required<Value>(_ value: Value?) throws -> Value {
            guard let value else { throw shape }
            return value
        }
        var protectedBytes: [UInt8]?, unprotected: CBORMap?, payload: [UInt8]??, trailer: [UInt8]?
        var index = 0
        guard try reader.readArray(depth: depth, { reader in
            let item = depth + 1
            switch index {
            case 0: protectedBytes = try required(reader.readBytes(depth: item))
            case 1: unprotected = try required(reader.readValue(depth: item).mapValue)
            case 2:
                if reader.nextMajorType == 2 {
                    payload = .some(try reader.readBytes(depth: item))
                } else {
                    guard try reader.readValue(depth: item) == .null else { throw IDCoreError(.malformedCOSE, "A \(name) payload is a byte string or nil (detached).") }
                    payload = .some(nil)
                }
            case 3: trailer = try required(reader.readBytes(depth: item))
            default: throw shape
            }
            index += 1
        }) else { throw shape }
        guard let protectedBytes, let unprotected, let payload, let trailer else { throw shape }
        let protected = try Self.protectedMap(protectedBytes)
        try Self.checkDisjoint(protected, unprotected)
        if protected[2] != nil || unprotected[2] != nil {
            throw IDCoreError(.malformedCOSE, "The \(name) names critical header parameters (crit); this SDK understands none beyond the standard ones.")
        }
        protectedHeaderBytes = protectedBytes
        protectedHeader = protected
        unprotectedHeader = unprotected
        self.payload = payload
        self.trailer = trailer
    }

    /// The protected header with `algorithm` first, then the other parameters of `protected`,
    /// as the map and its deterministic encoding; throws when a label is also unprotected.
    static func protectedHeader(algorithm: Int64, _ protected: CBORMap, unprotected: CBORMap) throws -> (map: CBORMap, bytes: [UInt8]) {
        let entries = [(COSEAlgorithm.headerLabel, CBORValue.integer(algorithm))] + protected.entries.filter { $0.key != COSEAlgorithm.headerLabel }.map { ($0.key, $0.value) }
        let map = try CBORMap(entries)
        try checkDisjoint(map, unprotected)
        return (map, CBOREncoder.encode(.map(map)))
    }

    /// The structure as a CBOR item, tagged `tag` unless `tagged` is false.
    func cborValue(tag: UInt64, tagged: Bool) -> CBORValue {
        let array: CBORValue = .array([.bytes(protectedHeaderBytes), .map(unprotectedHeader), payload.map(CBORValue.bytes) ?? .null, .bytes(trailer)])
        return tagged ? .tagged(tag, array) : array
    }

    /// The payload that was authenticated: the carried one, or the detached one the verifier
    /// supplies (exactly one of them).
    func authenticatedPayload(detached: [UInt8]?, name: String) throws -> [UInt8] {
        switch (payload, detached) {
        case (let carried?, nil): return carried
        case (nil, let supplied?): return supplied
        case (nil, nil): throw IDCoreError(.invalidParameter, "The \(name)'s payload is detached: supply it.")
        case (_?, _?): throw IDCoreError(.invalidParameter, "The \(name) carries its payload: do not supply another.")
        }
    }

    /// The structure RFC 9052 authenticates (Sig_structure §4.4, MAC_structure §6.3):
    /// [context, protected, external_aad, payload].
    static func authenticated(_ context: String, _ protectedBytes: [UInt8], externalAAD: [UInt8], payload: [UInt8]) -> [UInt8] {
        CBOREncoder.encode(.array([.text(context), .bytes(protectedBytes), .bytes(externalAAD), .bytes(payload)]))
    }

    /// The protected header's map: an empty byte string is the empty map (RFC 9052 §3).
    private static func protectedMap(_ bytes: [UInt8]) throws -> CBORMap {
        guard !bytes.isEmpty else { return [:] }
        guard let map = try CBORDecoder().decode(bytes).mapValue else {
            throw IDCoreError(.malformedCOSE, "A COSE protected header is a serialized map.")
        }
        return map
    }

    /// RFC 9052 §3: a label is in one bucket or the other, never both.
    private static func checkDisjoint(_ protected: CBORMap, _ unprotected: CBORMap) throws {
        if let shared = unprotected.entries.first(where: { protected[$0.key] != nil }) {
            throw IDCoreError(.malformedCOSE, "The COSE header label \(shared.key) is both protected and unprotected.")
        }
    }
}
