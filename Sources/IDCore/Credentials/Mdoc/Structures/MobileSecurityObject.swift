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
        let fields = try MdocFields(value, "MobileSecurityObject")
        version = try fields.text("version")
        guard version == "1.0" else { throw IDCoreError(.malformedMdoc, "MobileSecurityObject version \(version) is not 1.0.") }
        let algorithm = try fields.text("digestAlgorithm")
        guard let hash = HashFunction(rawValue: algorithm), hash != .sm3 else {
            throw IDCoreError(.malformedMdoc, "MobileSecurityObject digestAlgorithm \(algorithm) is not SHA-256, SHA-384 or SHA-512.")
        }
        digestAlgorithm = hash
        var digests: [String: [UInt64: [UInt8]]] = [:]
        guard let namespaces = try fields.required("valueDigests").mapValue else { throw IDCoreError(.malformedMdoc, "MobileSecurityObject.valueDigests is a map.") }
        for entry in namespaces {
            guard let namespace = entry.key.textValue, let identifiers = entry.value.mapValue else {
                throw IDCoreError(.malformedMdoc, "MobileSecurityObject.valueDigests maps namespace names to maps of digests.")
            }
            var byID: [UInt64: [UInt8]] = [:]
            for digest in identifiers {
                guard case .unsigned(let id) = digest.key, let bytes = digest.value.bytesValue, bytes.count == hash.digestLength else {
                    throw IDCoreError(.malformedMdoc, "MobileSecurityObject.valueDigests.\(namespace) maps digest IDs to \(hash) digests.")
                }
                byID[id] = bytes
            }
            digests[namespace] = byID
        }
        valueDigests = digests
        deviceKey = try COSEKey(try fields.fields("deviceKeyInfo").required("deviceKey"))
        docType = try fields.text("docType")
        let validity = try fields.fields("validityInfo")
        validityInfo = ValidityInfo(signed: try validity.date("signed"), validFrom: try validity.date("validFrom"), validUntil: try validity.date("validUntil"),
                                    expectedUpdate: try validity.optional("expectedUpdate").map { _ in try validity.date("expectedUpdate") })
        status = fields.optional("status")
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
