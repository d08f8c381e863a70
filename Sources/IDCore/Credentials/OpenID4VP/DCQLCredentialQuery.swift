/// A Credential Query (OpenID4VP 1.0 section 6.1): one requested credential, by format, type
/// (`meta`) and claims.
public struct DCQLCredentialQuery: Sendable, Hashable {
    /// A credential format identifier (OpenID4VP 1.0 appendix B).
    public struct Format: RawRepresentable, Sendable, Hashable, ExpressibleByStringLiteral, CustomStringConvertible {
        /// The identifier, as the query writes it.
        public let rawValue: String
        /// The format `rawValue` names.
        public init(rawValue: String) { self.rawValue = rawValue }
        /// The format a literal names.
        public init(stringLiteral value: String) { rawValue = value }
        /// The identifier.
        public var description: String { rawValue }

        /// IETF SD-JWT VC.
        public static let sdJWTVC: Format = "dc+sd-jwt"
        /// ISO/IEC 18013-5 mdoc.
        public static let mdoc: Format = "mso_mdoc"
    }

    /// `meta`: the credential's type, per format.
    public enum Meta: Sendable, Hashable {
        /// `vct_values` of an SD-JWT VC: the types accepted.
        case sdJWTVC(vctValues: [String])
        /// `doctype_value` of an mdoc.
        case mdoc(docType: String)
        /// Another format's `meta`, kept as it came.
        case other(JSONObject)
    }

    /// A Trusted Authorities Query (section 6.1.1): issuers the verifier would accept, by an
    /// authority key identifier (`aki`), an ETSI trusted list or an OpenID Federation anchor.
    public struct TrustedAuthority: Sendable, Hashable {
        /// `aki`, `etsi_tl`, `openid_federation`, or another type.
        public let type: String
        /// The type's values: base64url key identifiers, list or entity identifiers.
        public let values: [String]

        /// An authority of `type` identified by `values`; throws `invalid-dcql-query` for none.
        public init(type: String, values: [String]) throws {
            guard !values.isEmpty else { throw DCQLQuery.invalid("a trusted authority's values are a non-empty array") }
            self.type = type
            self.values = values
        }
    }

    /// The query's id: the key of its presentations in the response's `vp_token`.
    public let id: String
    /// The format asked for.
    public let format: Format
    /// Whether more than one credential may answer it.
    public let multiple: Bool
    /// The type asked for.
    public let meta: Meta
    /// Issuers the verifier would accept; empty for no hint. A hint for the wallet only: the
    /// verifier's own trust list decides.
    public let trustedAuthorities: [TrustedAuthority]
    /// Whether the presentation must prove possession of the holder's key (the default).
    public let requiresCryptographicHolderBinding: Bool
    /// The claims requested; nil asks for none that are selectively disclosable.
    public let claims: [DCQLClaimsQuery]?
    /// Alternative combinations of claim ids, the verifier's preferred first; nil asks for every
    /// claim in ``claims``.
    public let claimSets: [[String]]?

    /// A credential query; throws `invalid-dcql-query` for a rule of section 6.1 or 6.3 broken.
    public init(id: String, format: Format, meta: Meta, claims: [DCQLClaimsQuery]? = nil, claimSets: [[String]]? = nil, multiple: Bool = false,
                trustedAuthorities: [TrustedAuthority] = [], requiresCryptographicHolderBinding: Bool = true) throws {
        try DCQLQuery.checkIdentifier(id, "the credential query id")
        let metaFitsFormat = switch (format, meta) {
        case (.sdJWTVC, .sdJWTVC(let types)): !types.isEmpty
        case (.mdoc, .mdoc): true
        case (.sdJWTVC, _), (.mdoc, _): false
        default: true
        }
        guard metaFitsFormat else {
            throw DCQLQuery.invalid("credential query \(id)'s meta has \(format == .mdoc ? "a doctype_value" : "a non-empty vct_values") for its format \(format)")
        }
        if let claims {
            guard !claims.isEmpty else { throw DCQLQuery.invalid("credential query \(id)'s claims, when present, are a non-empty array") }
            if format == .mdoc, let path = claims.first(where: { !$0.isMdocElementPath })?.path {
                throw DCQLQuery.invalid("credential query \(id) is an mdoc query: its claim path \(path) is a namespace and an element identifier")
            }
            if let repeated = DCQLQuery.firstRepeated(claims.compactMap(\.id)) {
                throw DCQLQuery.invalid("credential query \(id) uses the claim id \(repeated) twice")
            }
        }
        if let claimSets {
            guard let claims else { throw DCQLQuery.invalid("credential query \(id) has claim_sets without claims") }
            guard !claimSets.isEmpty, claimSets.allSatisfy({ !$0.isEmpty }) else {
                throw DCQLQuery.invalid("credential query \(id)'s claim_sets are a non-empty array of non-empty arrays of claim ids")
            }
            guard claims.allSatisfy({ $0.id != nil }) else { throw DCQLQuery.invalid("credential query \(id) has claim_sets, so every claim has an id") }
            let known = Set(claims.compactMap(\.id))
            if let unknown = claimSets.joined().first(where: { !known.contains($0) }) {
                throw DCQLQuery.invalid("credential query \(id)'s claim_sets name \(unknown), which is not one of its claim ids")
            }
        }
        self.id = id
        self.format = format
        self.meta = meta
        self.claims = claims
        self.claimSets = claimSets
        self.multiple = multiple
        self.trustedAuthorities = trustedAuthorities
        self.requiresCryptographicHolderBinding = requiresCryptographicHolderBinding
    }

    init(_ value: JSONValue) throws {
        let members = try DCQLMembers(value, "a credential query")
        let id = try members.requiredString("id")
        let format = Format(rawValue: try members.requiredString("format"))
        guard let metaObject = members.object["meta"]?.objectValue else { throw DCQLQuery.invalid("credential query \(id) has a meta object") }
        let meta: Meta
        switch format {
        case .sdJWTVC:
            let types = metaObject["vct_values"]?.arrayValue?.map(\.stringValue)
            guard let types, !types.isEmpty, !types.contains(nil) else { throw DCQLQuery.invalid("credential query \(id)'s meta has a non-empty vct_values of strings") }
            meta = .sdJWTVC(vctValues: types.compactMap { $0 })
        case .mdoc:
            guard let docType = metaObject["doctype_value"]?.stringValue else { throw DCQLQuery.invalid("credential query \(id)'s meta has a string doctype_value") }
            meta = .mdoc(docType: docType)
        default:
            meta = .other(metaObject)
        }
        let authorities = try members.optionalArray("trusted_authorities")?.map { entry in
            let authority = try DCQLMembers(entry, "a trusted authority")
            let values = try authority.requiredArray("values").map(\.stringValue)
            guard !values.contains(nil) else { throw DCQLQuery.invalid("a trusted authority's values are strings") }
            return try TrustedAuthority(type: try authority.requiredString("type"), values: values.compactMap { $0 })
        }
        let claimSets = try members.optionalArray("claim_sets")?.map { set in
            guard let ids = set.arrayValue?.map(\.stringValue), !ids.contains(nil) else {
                throw DCQLQuery.invalid("credential query \(id)'s claim_sets are arrays of claim ids")
            }
            return ids.compactMap { $0 }
        }
        try self.init(id: id, format: format, meta: meta, claims: try members.optionalArray("claims")?.map(DCQLClaimsQuery.init), claimSets: claimSets,
                      multiple: try members.optionalBool("multiple") ?? false, trustedAuthorities: authorities ?? [],
                      requiresCryptographicHolderBinding: try members.optionalBool("require_cryptographic_holder_binding") ?? true)
    }

    var jsonValue: JSONValue {
        var object: JSONObject = ["id": .string(id), "format": .string(format.rawValue)]
        let metaValue: JSONObject = switch meta {
        case .sdJWTVC(let types): ["vct_values": .array(types.map(JSONValue.string))]
        case .mdoc(let docType): ["doctype_value": .string(docType)]
        case .other(let object): object
        }
        _ = object.updateValue(.object(metaValue), forKey: "meta")
        if multiple { _ = object.updateValue(.bool(true), forKey: "multiple") }
        if !requiresCryptographicHolderBinding { _ = object.updateValue(.bool(false), forKey: "require_cryptographic_holder_binding") }
        if !trustedAuthorities.isEmpty {
            _ = object.updateValue(.array(trustedAuthorities.map { .object(["type": .string($0.type), "values": .array($0.values.map(JSONValue.string))]) }),
                                   forKey: "trusted_authorities")
        }
        if let claims { _ = object.updateValue(.array(claims.map(\.jsonValue)), forKey: "claims") }
        if let claimSets { _ = object.updateValue(.array(claimSets.map { .array($0.map(JSONValue.string)) }), forKey: "claim_sets") }
        return .object(object)
    }
}
