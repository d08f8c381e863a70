import Foundation

/// The SDK's own mdoc document types: the virtual ID card and the electronic social-security
/// card as ISO/IEC 18013-5 documents, each in a namespace of its own whose element identifiers
/// are the card's claim names, so that one card reads the same whether it arrived as SD-JWT VC
/// or as mdoc (``MdocVerificationOutcome/VerifiedDocument/disclosedClaims(in:)``).
///
/// The CBOR form of each element is its JSON form, except that dates are `full-date` (tag 1004)
/// and the portrait template a byte string: the element tables are in
/// Documentation/MobileDocuments.md.
public enum SDKDocumentType: String, Sendable, CaseIterable {
    /// The virtual resident identity card, ``VirtualIDCard``: `cn.virtualidkit.vid.1`.
    case virtualIDCard = "cn.virtualidkit.vid.1"
    /// The electronic social-security card, ``SocialSecurityCard``: `cn.virtualidkit.ssc.1`.
    case socialSecurityCard = "cn.virtualidkit.ssc.1"

    /// The document type.
    public var docType: String { rawValue }
    /// The namespace of its elements (the document type's own name).
    public var namespace: String { rawValue }

    /// The paths (element, then member) whose JSON strings are `full-date`s in CBOR.
    var datePaths: Set<[String]> {
        switch self {
        case .virtualIDCard: [["birth_date"], ["validity", "start"], ["validity", "end"]]
        case .socialSecurityCard: [["issue_date"]]
        }
    }

    /// The paths whose JSON strings are base64url byte strings in CBOR.
    var bytePaths: Set<[String]> {
        self == .virtualIDCard ? [["portrait", "template"]] : []
    }

    /// The elements of a virtual ID card, for ``MdocIssuer/issue(docType:nameSpaces:deviceKey:validity:status:)``.
    public static func elements(of card: VirtualIDCard) throws -> [(identifier: String, value: CBORValue)] {
        try virtualIDCard.elements(of: JSONValue(encoding: card))
    }

    /// The elements of a social-security card.
    public static func elements(of card: SocialSecurityCard) throws -> [(identifier: String, value: CBORValue)] {
        try socialSecurityCard.elements(of: JSONValue(encoding: card))
    }

    private func elements(of json: JSONValue) throws -> [(identifier: String, value: CBORValue)] {
        guard let object = json.objectValue else { throw IDCoreError(.invalidPersonalData, "A card encodes as a JSON object.") }
        return try object.map { ($0.key, try cbor($0.value, path: [$0.key])) }
    }

    private func cbor(_ json: JSONValue, path: [String]) throws -> CBORValue {
        switch json {
        case .string(let text) where datePaths.contains(path) && text.count == 10:
            return MdocDate.fullDate(try CalendarDate(iso8601: text))
        case .string(let text) where bytePaths.contains(path):
            guard let bytes = Data(base64URLEncoded: text) else { throw IDCoreError(.invalidPersonalData, "\(path.joined(separator: ".")) is not base64url.") }
            return .bytes(Array(bytes))
        case .string(let text): return .text(text)
        case .integer(let value): return .integer(value)
        case .bool(let value): return .bool(value)
        case .null: return .null
        case .number(let value): return .float(Double(value.description) ?? .nan)
        case .array(let items): return .array(try items.map { try cbor($0, path: path) })
        case .object(let members):
            return .map(CBORMap(checked: try members.map { CBORMap.Entry(key: .text($0.key), value: try cbor($0.value, path: path + [$0.key])) }))
        }
    }

    /// The JSON claims of this type's elements: full-dates as `YYYY-MM-DD`, the portrait
    /// template as base64url, every other value as its JSON counterpart.
    func claims(_ elements: [String: CBORValue]) throws -> JSONObject {
        JSONObject(try elements.mapValues(json))
    }

    private func json(_ value: CBORValue) throws -> JSONValue {
        switch value {
        case .text(let text): return .string(text)
        case .unsigned, .negative:
            guard let integer = value.int64Value else { throw IDCoreError(.invalidPersonalData, "An element holds an integer out of range.") }
            return .integer(integer)
        case .bool(let flag): return .bool(flag)
        case .null: return .null
        case .bytes(let bytes): return .string(Data(bytes).base64URLEncodedString())
        case .tagged(CBORValue.fullDateTag, .text(let text)): return .string(text)
        case .array(let items): return .array(try items.map(json))
        case .map(let map):
            var members: [String: JSONValue] = [:]
            for entry in map {
                guard let key = entry.key.textValue else { throw IDCoreError(.invalidPersonalData, "A card element's map has a key that is not text.") }
                members[key] = try json(entry.value)
            }
            return .object(JSONObject(members))
        default:
            throw IDCoreError(.invalidPersonalData, "A card element holds \(value), which has no claim form.")
        }
    }
}

extension MdocVerificationOutcome.VerifiedDocument {
    /// The disclosed elements of `namespace` as SD-JWT claims, for the SDK's own document types:
    /// `disclosedClaims(in: SDKDocumentType.virtualIDCard.namespace).virtualIDCard` is the
    /// same typed, validated view as an SD-JWT VC presentation gives.
    public func disclosedClaims(in namespace: String) throws -> DisclosedClaims {
        guard let type = SDKDocumentType(rawValue: namespace) else {
            throw IDCoreError(.invalidParameter, "\(namespace) is not one of the SDK's document types (\(SDKDocumentType.allCases.map(\.rawValue))).")
        }
        let claims = try type.claims(elements[namespace] ?? [:])
        return DisclosedClaims(all: claims, disclosedPaths: claims.map { ClaimPath([.claim($0.key)]) }, verifiedAt: verifiedAt)
    }
}
