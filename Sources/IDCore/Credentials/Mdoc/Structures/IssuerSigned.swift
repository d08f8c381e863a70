/// What the issuer signed of one document (ISO/IEC 18013-5 8.3.2.1.2.2): the disclosed data
/// elements by namespace, and `issuerAuth`, the COSE_Sign1 over the MobileSecurityObject with
/// the document signer's certificate in its `x5chain` header.
///
/// Nothing here is verified: ``MdocVerifier`` checks the signature, the certificate and every
/// digest before any of it is used.
public struct IssuerSigned: Sendable, Hashable {
    /// The `x5chain` header label (RFC 9360).
    public static let x5chainLabel: CBORValue = 33

    /// The disclosed elements, by namespace, in the order they arrived.
    public let nameSpaces: [(namespace: String, items: [IssuerSignedItem])]
    /// The issuer's COSE_Sign1 over `MobileSecurityObjectBytes`.
    public let issuerAuth: COSESign1

    /// Elements and the issuer's signature over their MSO.
    public init(nameSpaces: [(namespace: String, items: [IssuerSignedItem])], issuerAuth: COSESign1) {
        self.nameSpaces = nameSpaces
        self.issuerAuth = issuerAuth
    }

    /// Reads an encoded IssuerSigned, as an issuer hands it to a wallet.
    public init(encoded bytes: some Collection<UInt8>, decoder: CBORDecoder = CBORDecoder()) throws {
        self = try decoder.read(bytes) { try IssuerSigned(reading: &$0, depth: 0) }
    }

    /// The IssuerSigned encoded, as an issuer hands it to a wallet.
    public func encoded() -> [UInt8] {
        CBOREncoder.encode(cborValue, mapOrder: .asGiven)
    }

    /// Reads an IssuerSigned in place: every element's item member by member, nothing of it
    /// built but its value.
    init(reading reader: inout CBORReader, depth: Int) throws {
        let structure = MdocStructure("IssuerSigned")
        var spaces: [(namespace: String, items: [IssuerSignedItem])] = [], issuerAuth: COSESign1?
        guard try reader.readMap(depth: depth, { reader, key in
            switch key.textValue {
            case "nameSpaces": spaces = try Self.nameSpaces(&reader, depth: depth + 1)
            case "issuerAuth": issuerAuth = try COSESign1(reading: &reader, depth: depth + 1)
            default: try reader.skip(depth: depth + 1)
            }
        }) else { throw structure.notAMap }
        self.issuerAuth = try structure.required(issuerAuth, "issuerAuth")
        nameSpaces = spaces
    }

    private static func nameSpaces(_ reader: inout CBORReader, depth: Int) throws -> [(namespace: String, items: [IssuerSignedItem])] {
        let malformed = IDCoreError(.malformedMdoc, "IssuerSigned.nameSpaces maps namespace names to non-empty arrays of IssuerSignedItemBytes.")
        var spaces: [(namespace: String, items: [IssuerSignedItem])] = []
        guard try reader.readMap(depth: depth, { reader, namespace in
            guard let namespace = namespace.textValue else { throw malformed }
            var items: [IssuerSignedItem] = []
            guard try reader.readArray(depth: depth + 1, { reader in
                guard let item = try reader.readEmbedded(depth: depth + 2, { try IssuerSignedItem(reading: &$0, depth: $1) }) else {
                    throw IDCoreError(.malformedMdoc, "An IssuerSignedItemBytes is embedded CBOR (tag 24).")
                }
                items.append(item)
            }), !items.isEmpty else { throw malformed }
            spaces.append((namespace, items))
        }) else { throw IDCoreError(.malformedMdoc, "IssuerSigned.nameSpaces is a map.") }
        return spaces
    }

    /// The disclosed elements' values by namespace and element identifier.
    var elementValues: [String: [String: CBORValue]] {
        nameSpaces.reduce(into: [:]) { elements, space in
            for item in space.items { elements[space.namespace, default: [:]][item.elementIdentifier] = item.elementValue }
        }
    }

    /// The document signer's certificate chain from the `x5chain` header (protected or not):
    /// one certificate as a byte string, or several in an array, the signer first.
    public func certificateChain() throws -> [X509Certificate] {
        try certificateChainDER().map { try X509Certificate(derRepresentation: $0) }
    }

    /// The `x5chain` certificates' DER, unparsed: what a verifier looks a cached validation up by.
    func certificateChainDER() throws -> [[UInt8]] {
        guard let chain = issuerAuth.protectedHeader[Self.x5chainLabel] ?? issuerAuth.unprotectedHeader[Self.x5chainLabel] else {
            throw IDCoreError(.malformedMdoc, "issuerAuth has no x5chain header (label 33).")
        }
        let certificates = chain.bytesValue.map { [$0] } ?? chain.arrayValue?.compactMap(\.bytesValue)
        guard let certificates, !certificates.isEmpty, certificates.count == (chain.arrayValue?.count ?? 1) else {
            throw IDCoreError(.malformedMdoc, "The x5chain header is a certificate or an array of certificates, as byte strings.")
        }
        return certificates
    }

    /// The MobileSecurityObject the issuer signed, read but not verified.
    public func unverifiedMobileSecurityObject(decoder: CBORDecoder = CBORDecoder()) throws -> MobileSecurityObject {
        let notMSO = IDCoreError(.malformedMdoc, "issuerAuth's payload is MobileSecurityObjectBytes (tag 24 around the MSO).")
        guard let payload = issuerAuth.payload else { throw notMSO }
        return try decoder.read(payload) { reader in
            guard let mso = try reader.readEmbedded(depth: 0, { try MobileSecurityObject(reading: &$0, depth: $1) }) else { throw notMSO }
            return mso
        }
    }

    var cborValue: CBORValue {
        var members: [CBORMap.Entry] = []
        if !nameSpaces.isEmpty {
            members.append(.init(key: "nameSpaces", value: .map(CBORMap(checked: nameSpaces.map { space in
                CBORMap.Entry(key: .text(space.namespace), value: .array(space.items.map(\.cborValue)))
            }))))
        }
        members.append(.init(key: "issuerAuth", value: issuerAuth.cborValue(tagged: false)))
        return .map(CBORMap(checked: members))
    }

    public static func == (lhs: IssuerSigned, rhs: IssuerSigned) -> Bool {
        lhs.issuerAuth == rhs.issuerAuth && lhs.nameSpaces.map(\.namespace) == rhs.nameSpaces.map(\.namespace)
            && lhs.nameSpaces.map(\.items) == rhs.nameSpaces.map(\.items)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(issuerAuth)
        for space in nameSpaces {
            hasher.combine(space.namespace)
            hasher.combine(space.items)
        }
    }
}
