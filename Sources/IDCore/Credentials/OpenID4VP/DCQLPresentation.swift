/// A presentation the verifier has accepted, as DCQL sees it: its format, its type and what it
/// disclosed. Only an accepted presentation is evaluated against a query; nothing of one that
/// failed verification is looked at.
public enum DCQLPresentation: Sendable {
    /// An SD-JWT VC that ``CredentialVerifier`` accepted; `holderBound` when its key binding
    /// JWT was verified.
    case sdJWTVC(DisclosedClaims, holderBound: Bool)
    /// An mdoc that ``MdocVerifier`` accepted, its device authentication included.
    case mdoc(MdocVerificationOutcome.VerifiedDocument)

    var view: DCQLCredentialView {
        switch self {
        case .sdJWTVC(let claims, let holderBound):
            DCQLCredentialView(sdJWTClaims: claims.all, selectivelyDisclosable: claims.disclosedPaths, holderBound: holderBound)
        case .mdoc(let document):
            DCQLCredentialView(docType: document.docType, elements: document.elements)
        }
    }
}

/// What DCQL reads of a credential, presented or held: its format, its type, its claims by path
/// and which of them are selectively disclosable.
struct DCQLCredentialView {
    let format: DCQLCredentialQuery.Format
    /// The `vct` or the docType.
    let type: String?
    /// Whether possession of the holder's key is proven (an mdoc's always is).
    let isHolderBound: Bool
    /// The selectively disclosable claims: an SD-JWT's disclosures, every element of an mdoc.
    let selectivelyDisclosable: [ClaimPath]
    private let claims: Claims

    private enum Claims {
        case json(JSONObject)
        case elements([String: [String: CBORValue]])
    }

    init(sdJWTClaims claims: JSONObject, selectivelyDisclosable: [ClaimPath], holderBound: Bool) {
        format = .sdJWTVC
        type = claims["vct"]?.stringValue
        isHolderBound = holderBound
        self.selectivelyDisclosable = selectivelyDisclosable
        self.claims = .json(claims)
    }

    init(docType: String, elements: [String: [String: CBORValue]]) {
        format = .mdoc
        type = docType
        isHolderBound = true
        selectivelyDisclosable = elements.sorted { $0.key < $1.key }.flatMap { namespace, elements in
            elements.keys.sorted().map { ClaimPath([.claim(namespace), .claim($0)]) }
        }
        claims = .elements(elements)
    }

    /// Whether `meta` accepts this credential's type: its `vct` among `vct_values` (exactly; the
    /// SD-JWT VC type inheritance through `extends` is not followed), its docType the
    /// `doctype_value`.
    func hasType(_ meta: DCQLCredentialQuery.Meta) -> Bool {
        switch (format, meta) {
        case (.sdJWTVC, .sdJWTVC(let types)): type.map(types.contains) ?? false
        case (.mdoc, .mdoc(let docType)): type == docType
        default: false
        }
    }

    /// What processing `path` (section 7) selects: the values, or nil when it selects nothing.
    func select(_ path: ClaimPath) -> [JSONValue]? {
        switch claims {
        case .json(let object):
            return path.dcqlSelection(in: .object(object))
        case .elements(let elements):
            guard let (namespace, element) = path.mdocElement, let value = elements[namespace]?[element] else { return nil }
            // Matched against `values` as JSON (RFC 8949 section 6.1); a value of another type
            // is present but matches none (`values` never hold null).
            return [value.dcqlJSONValue ?? .null]
        }
    }
}

extension ClaimPath {
    /// An mdoc's claims path pointer as its namespace and element identifier (section 7.2), or
    /// nil for any other path.
    var mdocElement: (namespace: String, element: String)? {
        guard components.count == 2, case .claim(let namespace) = components[0], case .claim(let element) = components[1] else { return nil }
        return (namespace, element)
    }

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
