/// A Claims Query (OpenID4VP 1.0 section 6.3): one requested claim, by its claims path pointer
/// (section 7), and optionally the values it must have.
public struct DCQLClaimsQuery: Sendable, Hashable {
    /// The claim's id in its credential query, for `claim_sets`.
    public let id: String?
    /// The claims path pointer: object members (`claim`), array indexes (`element`) and every
    /// element (`anyElement`, JSON `null`); for an mdoc, the namespace and the element identifier.
    public let path: ClaimPath
    /// The values the claim must have one of (strings, integers or booleans); nil for any value.
    public let values: [JSONValue]?
    /// The mdoc `intent_to_retain` (18013-5 `IntentToRetain`); nil when the verifier says nothing.
    public let intentToRetain: Bool?

    /// A claims query; throws `invalid-dcql-query` for an empty path, a negative index, or
    /// values that are empty or not strings, integers and booleans.
    public init(id: String? = nil, path: ClaimPath, values: [JSONValue]? = nil, intentToRetain: Bool? = nil) throws {
        if let id { try DCQLQuery.checkIdentifier(id, "the claim id") }
        guard !path.components.isEmpty, !path.components.contains(where: { if case .element(let index) = $0 { index < 0 } else { false } }) else {
            throw DCQLQuery.invalid("a claim path is a non-empty array of strings, nulls and non-negative integers")
        }
        if let values {
            guard !values.isEmpty, values.allSatisfy(\.isDCQLMatchable) else {
                throw DCQLQuery.invalid("a claim's values are a non-empty array of strings, integers and booleans")
            }
        }
        self.id = id
        self.path = path
        self.values = values
        self.intentToRetain = intentToRetain
    }

    init(_ value: JSONValue) throws {
        let members = try DCQLMembers(value, "a claims query")
        let id: String? = try members.object["id"].map { value in
            guard let id = value.stringValue else { throw DCQLQuery.invalid("a claim id is a string") }
            return id
        }
        let components = try members.requiredArray("path").map { component -> ClaimPath.Component in
            switch component {
            case .string(let name): return .claim(name)
            case .null: return .anyElement
            case .integer(let index) where index >= 0: return .element(Int(index))
            default: throw DCQLQuery.invalid("a claim path is a non-empty array of strings, nulls and non-negative integers")
            }
        }
        try self.init(id: id, path: ClaimPath(components), values: try members.optionalArray("values"), intentToRetain: try members.optionalBool("intent_to_retain"))
    }

    /// Whether the path is an mdoc's: a namespace and an element identifier.
    var isMdocElementPath: Bool { path.mdocElement != nil }

    var jsonValue: JSONValue {
        var object: JSONObject = ["path": .array(path.components.map { component in
            switch component {
            case .claim(let name): .string(name)
            case .element(let index): .integer(Int64(index))
            case .anyElement: .null
            }
        })]
        if let id { _ = object.updateValue(.string(id), forKey: "id") }
        if let values { _ = object.updateValue(.array(values), forKey: "values") }
        if let intentToRetain { _ = object.updateValue(.bool(intentToRetain), forKey: "intent_to_retain") }
        return .object(object)
    }
}

extension JSONValue {
    /// Whether DCQL's `values` may hold it: a string, an integer or a boolean.
    var isDCQLMatchable: Bool {
        switch self {
        case .string, .integer, .bool: true
        default: false
        }
    }
}
