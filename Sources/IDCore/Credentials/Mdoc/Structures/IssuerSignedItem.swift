/// One data element as the issuer signed it (ISO/IEC 18013-5 8.3.2.1.2.2): its digest ID, a
/// random salt, its identifier and value. The MSO holds the digest of its tag-24 encoding,
/// `IssuerSignedItemBytes`; the item's own encoding inside is kept exactly as it arrived.
public struct IssuerSignedItem: Sendable, Hashable {
    /// The digest ID under which the MSO lists this element's digest.
    public let digestID: UInt64
    /// The salt that keeps an undisclosed element's digest from revealing its value.
    public let random: [UInt8]
    /// The element's name in its namespace (`family_name`).
    public let elementIdentifier: String
    /// The element's value.
    public let elementValue: CBORValue
    /// The encoded item, as received or built.
    public let itemBytes: [UInt8]

    /// `IssuerSignedItemBytes`: tag 24 around ``itemBytes``, what the MSO's digest covers.
    public var taggedBytes: [UInt8] { CBOREncoder.encode(cborValue) }

    /// The item as it sits in `IssuerSigned.nameSpaces`: tag 24 around its bytes.
    var cborValue: CBORValue { .embedded(encoded: itemBytes) }

    /// An item to issue, encoded in the member order of the standard.
    public init(digestID: UInt64, random: [UInt8], elementIdentifier: String, elementValue: CBORValue) {
        self.digestID = digestID
        self.random = random
        self.elementIdentifier = elementIdentifier
        self.elementValue = elementValue
        let item = CBORMap(checked: [
            .init(key: "digestID", value: .unsigned(digestID)), .init(key: "random", value: .bytes(random)),
            .init(key: "elementIdentifier", value: .text(elementIdentifier)), .init(key: "elementValue", value: elementValue),
        ])
        itemBytes = CBOREncoder.encode(.map(item), mapOrder: .asGiven)
    }

    /// Reads an `IssuerSignedItemBytes` (tag 24 around a byte string).
    init(_ value: CBORValue, decoder: CBORDecoder) throws {
        guard let inner = value.embeddedBytes else { throw IDCoreError(.malformedMdoc, "An IssuerSignedItemBytes is embedded CBOR (tag 24).") }
        let fields = try MdocFields(try decoder.decode(inner), "IssuerSignedItem")
        digestID = try fields.unsigned("digestID")
        random = try fields.bytes("random")
        elementIdentifier = try fields.text("elementIdentifier")
        elementValue = try fields.required("elementValue")
        guard random.count >= 16 else { throw IDCoreError(.malformedMdoc, "IssuerSignedItem \(elementIdentifier) has a salt of \(random.count) bytes; 18013-5 asks for at least 16.") }
        itemBytes = inner
    }
}
