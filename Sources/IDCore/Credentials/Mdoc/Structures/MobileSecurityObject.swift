import Foundation

/// The MobileSecurityObject (ISO/IEC 18013-5 9.1.2.4): what the issuer signs. The digest of
/// every data element by namespace and digest ID, the holder's device key, the document type,
/// when it was signed and is valid, and, optionally, where its status is published.
public struct MobileSecurityObject: Sendable, Hashable {
    /// When the MSO was signed and may be relied on.
    public struct ValidityInfo: Sendable, Hashable {
        /// When the issuer signed it.
        public let signed: Date
        /// The first moment it may be relied on.
        public let validFrom: Date
        /// The last moment it may be relied on.
        public let validUntil: Date
        /// When the issuer expects to re-sign it, if it says.
        public let expectedUpdate: Date?

        /// Validity as the issuer states it.
        public init(signed: Date, validFrom: Date, validUntil: Date, expectedUpdate: Date? = nil) {
            self.signed = signed
            self.validFrom = validFrom
            self.validUntil = validUntil
            self.expectedUpdate = expectedUpdate
        }
    }

    /// The version, `1.0`.
    public let version: String
    /// The hash of the value digests.
    public let digestAlgorithm: HashFunction
    /// The digests of the data elements: namespace, then digest ID.
    public let valueDigests: [String: [UInt64: [UInt8]]]
    /// The holder's device key.
    public let deviceKey: COSEKey
    /// The document type, `org.iso.18013.5.1.mDL`.
    public let docType: String
    /// When the MSO was signed and may be relied on.
    public let validityInfo: ValidityInfo
    /// The `status` member: where the issuer publishes the document's status (IETF Token
    /// Status List, `{"status_list": {"idx": …, "uri": …}}`), if it does.
    public let status: CBORValue?

    /// The status list entry `status` names, if it names one in the status-list draft's form.
    public var statusListReference: StatusListReference? {
        status.flatMap(StatusListReference.init(mdocStatus:))
    }

    /// An MSO to sign.
    public init(digestAlgorithm: HashFunction, valueDigests: [String: [UInt64: [UInt8]]], deviceKey: COSEKey, docType: String,
                validityInfo: ValidityInfo, status: CBORValue? = nil) {
        version = "1.0"
        self.digestAlgorithm = digestAlgorithm
        self.valueDigests = valueDigests
        self.deviceKey = deviceKey
        self.docType = docType
        self.validityInfo = validityInfo
        self.status = status
    }

    /// Reads a decoded MSO; throws `malformed-mdoc` for any member missing or of the wrong
    /// type, and for a digest algorithm other than SHA-256, SHA-384 or SHA-512.
    public init(_ value: CBORValue) throws {
        self = try CBORDecoder().read(CBOREncoder.encode(value, mapOrder: .asGiven)) { try MobileSecurityObject(reading: &$0, depth: 0) }
    }

    /// Reads an MSO member by member: a verifier reads one for every document, and builds
    /// nothing of it but the digests and the key.
    init(reading reader: inout CBORReader, depth: Int) throws {
        let structure = MdocStructure("MobileSecurityObject")
        var version: String?, algorithm: String?, digests: [String: [UInt64: [UInt8]]]?, deviceKey: COSEKey?, docType: String?
        var validity: ValidityInfo?, status: CBORValue?
        let member = depth + 1
        guard try reader.readMap(depth: depth, { reader, key in
            switch key.textValue {
            case "version": version = try reader.text("version", of: structure, depth: member)
            case "digestAlgorithm": algorithm = try reader.text("digestAlgorithm", of: structure, depth: member)
            case "valueDigests": digests = try Self.valueDigests(&reader, depth: member)
            case "deviceKeyInfo": deviceKey = try Self.deviceKey(&reader, depth: member)
            case "docType": docType = try reader.text("docType", of: structure, depth: member)
            case "validityInfo": validity = try Self.validityInfo(&reader, depth: member)
            case "status": status = try reader.readValue(depth: member)
            default: try reader.skip(depth: member)
            }
        }) else { throw structure.notAMap }
        self.version = try structure.required(version, "version")
        guard self.version == "1.0" else { throw IDCoreError(.malformedMdoc, "MobileSecurityObject version \(self.version) is not 1.0.") }
        let named = try structure.required(algorithm, "digestAlgorithm")
        guard let hash = HashFunction(rawValue: named), hash != .sm3 else {
            throw IDCoreError(.malformedMdoc, "MobileSecurityObject digestAlgorithm \(named) is not SHA-256, SHA-384 or SHA-512.")
        }
        digestAlgorithm = hash
        valueDigests = try structure.required(digests, "valueDigests")
        if let namespace = valueDigests.first(where: { $0.value.values.contains { $0.count != hash.digestLength } })?.key {
            throw IDCoreError(.malformedMdoc, "MobileSecurityObject.valueDigests.\(namespace) maps digest IDs to \(hash) digests.")
        }
        self.deviceKey = try MdocStructure("MobileSecurityObject.deviceKeyInfo").required(deviceKey, "deviceKey")
        self.docType = try structure.required(docType, "docType")
        validityInfo = try structure.required(validity, "validityInfo")
        self.status = status
    }

    /// `valueDigests`: namespace names to maps of digest IDs to digests (their lengths are
    /// checked once the algorithm is known).
    private static func valueDigests(_ reader: inout CBORReader, depth: Int) throws -> [String: [UInt64: [UInt8]]] {
        var digests: [String: [UInt64: [UInt8]]] = [:]
        let malformed = IDCoreError(.malformedMdoc, "MobileSecurityObject.valueDigests maps namespace names to maps of digest IDs to byte strings.")
        guard try reader.readMap(depth: depth, { reader, namespace in
            guard let namespace = namespace.textValue else { throw malformed }
            var byID: [UInt64: [UInt8]] = [:]
            guard try reader.readMap(depth: depth + 1, { reader, id in
                guard case .unsigned(let id) = id, let digest = try reader.readBytes(depth: depth + 2) else { throw malformed }
                byID[id] = digest
            }) else { throw malformed }
            digests[namespace] = byID
        }) else { throw malformed }
        return digests
    }

    /// `deviceKeyInfo`'s `deviceKey`; its authorizations and key info are not used.
    private static func deviceKey(_ reader: inout CBORReader, depth: Int) throws -> COSEKey? {
        var key: COSEKey?
        guard try reader.readMap(depth: depth, { reader, member in
            if member == "deviceKey" { key = try COSEKey(reader.readValue(depth: depth + 1)) } else { try reader.skip(depth: depth + 1) }
        }) else { throw MdocStructure("MobileSecurityObject.deviceKeyInfo").notAMap }
        return key
    }

    private static func validityInfo(_ reader: inout CBORReader, depth: Int) throws -> ValidityInfo {
        let structure = MdocStructure("MobileSecurityObject.validityInfo")
        var signed: Date?, validFrom: Date?, validUntil: Date?, expectedUpdate: Date?
        guard try reader.readMap(depth: depth, { reader, member in
            let name = member.textValue ?? ""
            switch name {
            case "signed": signed = try reader.date(name, of: structure, depth: depth + 1)
            case "validFrom": validFrom = try reader.date(name, of: structure, depth: depth + 1)
            case "validUntil": validUntil = try reader.date(name, of: structure, depth: depth + 1)
            case "expectedUpdate": expectedUpdate = try reader.date(name, of: structure, depth: depth + 1)
            default: try reader.skip(depth: depth + 1)
            }
        }) else { throw structure.notAMap }
        return ValidityInfo(signed: try structure.required(signed, "signed"), validFrom: try structure.required(validFrom, "validFrom"),
                            validUntil: try structure.required(validUntil, "validUntil"), expectedUpdate: expectedUpdate)
    }

    /// The MSO as CBOR, members in the standard's order.
    public var cborValue: CBORValue {
        let digests = valueDigests.keys.sorted().map { namespace in
            CBORMap.Entry(key: .text(namespace), value: .map(CBORMap(checked: (valueDigests[namespace] ?? [:]).keys.sorted().map {
                CBORMap.Entry(key: .unsigned($0), value: .bytes(valueDigests[namespace]?[$0] ?? []))
            })))
        }
        var validity: [CBORMap.Entry] = [.init(key: "signed", value: MdocDate.tdate(validityInfo.signed)),
                                         .init(key: "validFrom", value: MdocDate.tdate(validityInfo.validFrom)),
                                         .init(key: "validUntil", value: MdocDate.tdate(validityInfo.validUntil))]
        if let expected = validityInfo.expectedUpdate { validity.append(.init(key: "expectedUpdate", value: MdocDate.tdate(expected))) }
        var members: [CBORMap.Entry] = [
            .init(key: "version", value: .text(version)), .init(key: "digestAlgorithm", value: .text(digestAlgorithm.rawValue)),
            .init(key: "valueDigests", value: .map(CBORMap(checked: digests))),
            .init(key: "deviceKeyInfo", value: .map(CBORMap(checked: [.init(key: "deviceKey", value: deviceKey.cborValue)]))),
            .init(key: "docType", value: .text(docType)), .init(key: "validityInfo", value: .map(CBORMap(checked: validity))),
        ]
        if let status { members.append(.init(key: "status", value: status)) }
        return .map(CBORMap(checked: members))
    }
}
