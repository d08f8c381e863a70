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
    public var taggedBytes: [UInt8] { CBOREncoder.encodeEmbedded(itemBytes) }

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

    /// Reads the item at `depth` of a reader over exactly its encoding, member by member: only
    /// the element's value is built.
    init(reading reader: inout CBORReader, depth: Int) throws {
        let structure = MdocStructure("IssuerSignedItem")
        var digestID: UInt64?, random: [UInt8]?, identifier: String?, value: CBORValue?
        guard try reader.readMap(depth: depth, { reader, key in
            switch key.textValue {
            case "digestID": digestID = try reader.unsigned("digestID", of: structure, depth: depth + 1)
            case "random": random = try reader.bytes("random", of: structure, depth: depth + 1)
            case "elementIdentifier": identifier = try reader.text("elementIdentifier", of: structure, depth: depth + 1)
            case "elementValue": value = try reader.readValue(depth: depth + 1)
            default: try reader.skip(depth: depth + 1)
            }
        }) else { throw structure.notAMap }
        self.digestID = try structure.required(digestID, "digestID")
        self.random = try structure.required(random, "random")
        elementIdentifier = try structure.required(identifier, "elementIdentifier")
        elementValue = try structure.required(value, "elementValue")
        guard self.random.count >= 16 else {
            throw IDCoreError(.malformedMdoc, "IssuerSignedItem \(elementIdentifier) has a salt of \(self.random.count) bytes; 18013-5 asks for at least 16.")
        }
        itemBytes = Array(reader.bytes)
    }
}
