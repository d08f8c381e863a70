/// A presentation the verifier has accepted, as DCQL sees it: its format, its type and what it
/// disclosed. Only an accepted presentation is evaluated against a query; nothing of one that
/// failed verification is looked at.
public enum DCQLPresentation: Sendable {
    /// An SD-JWT VC that ``CredentialVerifier`` accepted; `holderBound` when its key binding
    /// JWT was verified.
    case sdJWTVC(DisclosedClaims, holderBound: Bool)
    /// An mdoc that ``MdocVerifier`` accepted, its device authentication included.
    case mdoc(MdocVerificationOutcome.VerifiedDocument)

    var format: DCQLCredentialQuery.Format {
        switch self {
        case .sdJWTVC: .sdJWTVC
        case .mdoc: .mdoc
        }
    }

    /// Whether `meta` accepts this credential's type: its `vct` among `vct_values` (exactly; the
    /// SD-JWT VC type inheritance through `extends` is not followed), its docType the
    /// `doctype_value`.
    func hasType(_ meta: DCQLCredentialQuery.Meta) -> Bool {
        switch (self, meta) {
        case (.sdJWTVC(let claims, _), .sdJWTVC(let types)): claims.credentialType.map(types.contains) ?? false
        case (.mdoc(let document), .mdoc(let docType)): document.docType == docType
        default: false
        }
    }

    var isHolderBound: Bool {
        switch self {
        case .sdJWTVC(_, let holderBound): holderBound
        case .mdoc: true
        }
    }

    /// What processing `path` (section 7) selects: the values, or nil when it selects nothing.
    func select(_ path: ClaimPath) -> [JSONValue]? {
        switch self {
        case .sdJWTVC(let claims, _):
            return path.dcqlSelection(in: .object(claims.all))
        case .mdoc(let document):
            guard path.components.count == 2, case .claim(let namespace) = path.components[0], case .claim(let element) = path.components[1],
                  let value = document.element(element, in: namespace) else { return nil }
            // Matched against `values` as JSON (RFC 8949 section 6.1); a value of another type
            // is present but matches none.
            return [value.dcqlJSONValue ?? .null]
        }
    }

    /// The selectively disclosable claims it disclosed: an SD-JWT's disclosures, every element
    /// of an mdoc.
    var disclosedPaths: [ClaimPath] {
        switch self {
        case .sdJWTVC(let claims, _): claims.disclosedPaths
        case .mdoc(let document):
            document.elements.sorted { $0.key < $1.key }.flatMap { namespace, elements in
                elements.keys.sorted().map { ClaimPath([.claim(namespace), .claim($0)]) }
            }
        }
    }
}

extension ClaimPath {
    /// Section 7.1's processing of a claims path pointer on a JSON credential: strings select
    /// members of objects, integers elements of arrays, nulls every element; selecting a member
    /// of something that is not an object (or an element of something that is not an array)
    /// aborts, and so does a selection that ends empty. Nil where processing aborts.
    func dcqlSelection(in root: JSONValue) -> [JSONValue]? {
        var selected = [root]
        for component in components {
            switch component {
            case .claim(let name):
                guard selected.allSatisfy({ $0.objectValue != nil }) else { return nil }
                selected = selected.compactMap { $0[name] }
            case .anyElement, .element:
                let arrays = selected.compactMap(\.arrayValue)
                guard arrays.count == selected.count else { return nil }
                if case .element(let index) = component {
                    selected = arrays.compactMap { $0.indices.contains(index) ? $0[index] : nil }
                } else {
                    selected = arrays.flatMap { $0 }
                }
            }
        }
        return selected.isEmpty ? nil : selected
    }

    /// Whether a claim disclosed at `disclosed` is one this requested path asks for: inside the
    /// requested claim (a member of a requested object) or on the way to it (the object that
    /// holds a requested member, disclosed so that the member can be).
    func covers(_ disclosed: ClaimPath) -> Bool {
        zip(components, disclosed.components).allSatisfy { requested, found in
            switch (requested, found) {
            case (.anyElement, .element), (.anyElement, .anyElement): true
            default: requested == found
            }
        }
    }
}

extension CBORValue {
    /// The value as JSON for DCQL's `values` (RFC 8949 section 6.1): text as a string, an
    /// integer in 64 bits as a number, a boolean as itself; nil for any other type.
    var dcqlJSONValue: JSONValue? {
        switch self {
        case .text(let text): .string(text)
        case .bool(let flag): .bool(flag)
        case .unsigned, .negative: int64Value.map(JSONValue.integer)
        default: nil
        }
    }
}
