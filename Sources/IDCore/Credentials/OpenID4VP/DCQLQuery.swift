/// A Digital Credentials Query Language query (OpenID for Verifiable Presentations 1.0, section
/// 6): the credentials a verifier asks a wallet for, by format, type and claims, and which
/// combinations of them satisfy it.
///
/// Reading one checks every rule of the specification (`invalid-dcql-query` names the one
/// broken): identifiers of letters, digits, `_` and `-`, unique where they must be; non-empty
/// arrays where the text says so; `claim_sets` only with `claims`, naming claims that have ids;
/// `credential_sets` naming credential queries that exist; claim paths of strings, nulls and
/// non-negative integers (exactly two strings for `mso_mdoc`); `meta` with `vct_values` for
/// `dc+sd-jwt` and `doctype_value` for `mso_mdoc`. Unknown members are ignored, as section 6
/// requires.
///
/// ```swift
/// let query = try DCQLQuery(json: #"{"credentials":[{"id":"pid","format":"dc+sd-jwt","meta":{"vct_values":["urn:eudi:pid:1"]},"claims":[{"path":["family_name"]}]}]}"#)
/// ```
public struct DCQLQuery: Sendable, Hashable {
    /// The credentials requested.
    public let credentials: [DCQLCredentialQuery]
    /// Which combinations of ``credentials`` satisfy the request; nil when every one of them is
    /// required.
    public let credentialSets: [DCQLCredentialSetQuery]?

    /// A query of `credentials`, constrained by `credentialSets`; throws `invalid-dcql-query`
    /// for a rule of section 6 broken.
    public init(credentials: [DCQLCredentialQuery], credentialSets: [DCQLCredentialSetQuery]? = nil) throws {
        guard !credentials.isEmpty else { throw DCQLQuery.invalid("credentials is a non-empty array") }
        let identifiers = credentials.map(\.id)
        if let repeated = DCQLQuery.firstRepeated(identifiers) { throw DCQLQuery.invalid("the credential query id \(repeated) is used twice") }
        if let sets = credentialSets {
            guard !sets.isEmpty else { throw DCQLQuery.invalid("credential_sets, when present, is a non-empty array") }
            let known = Set(identifiers)
            for set in sets {
                if let unknown = set.options.joined().first(where: { !known.contains($0) }) {
                    throw DCQLQuery.invalid("credential_sets names \(unknown), which is not a credential query id")
                }
            }
        }
        self.credentials = credentials
        self.credentialSets = credentialSets
    }

    /// Reads a query from its JSON text.
    public init(json: String) throws {
        let value: JSONValue
        do {
            value = try JSONValue(parsing: Array(json.utf8))
        } catch {
            throw DCQLQuery.invalid("the query is not JSON")
        }
        try self.init(value)
    }

    /// Reads a query from its JSON value.
    public init(_ value: JSONValue) throws {
        let members = try DCQLMembers(value, "the query")
        let credentials = try members.requiredArray("credentials").map(DCQLCredentialQuery.init)
        let sets = try members.optionalArray("credential_sets")?.map(DCQLCredentialSetQuery.init)
        try self.init(credentials: credentials, credentialSets: sets)
    }

    /// The query as JSON, with only the members it holds (defaults left out).
    public var jsonValue: JSONValue {
        var object: JSONObject = ["credentials": .array(credentials.map(\.jsonValue))]
        if let credentialSets { _ = object.updateValue(.array(credentialSets.map(\.jsonValue)), forKey: "credential_sets") }
        return .object(object)
    }

    /// The credential query with `id`.
    public func credential(_ id: String) -> DCQLCredentialQuery? {
        credentials.first { $0.id == id }
    }

    static func invalid(_ rule: String) -> IDCoreError {
        IDCoreError(.invalidDCQLQuery, "DCQL: \(rule).")
    }

    /// Section 6's identifiers: non-empty, of ASCII letters, digits, `_` and `-`.
    static func checkIdentifier(_ identifier: String, _ what: String) throws {
        let allowed = identifier.utf8.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
        }
        guard !identifier.isEmpty, allowed else { throw invalid("\(what) \"\(identifier)\" is not a non-empty string of letters, digits, _ and -") }
    }

    static func firstRepeated(_ values: [String]) -> String? {
        var seen = Set<String>()
        return values.first { !seen.insert($0).inserted }
    }
}

/// A Credential Set Query (section 6.2): alternatives, each a list of credential query ids, of
/// which one satisfies a use case.
public struct DCQLCredentialSetQuery: Sendable, Hashable {
    /// The alternatives, in the verifier's order of preference.
    public let options: [[String]]
    /// Whether the use case must be satisfied (the default) or may be.
    public let required: Bool

    /// A set of `options`; throws `invalid-dcql-query` for an empty list or option.
    public init(options: [[String]], required: Bool = true) throws {
        guard !options.isEmpty, options.allSatisfy({ !$0.isEmpty }) else {
            throw DCQLQuery.invalid("a credential set's options are a non-empty array of non-empty arrays of ids")
        }
        self.options = options
        self.required = required
    }

    init(_ value: JSONValue) throws {
        let members = try DCQLMembers(value, "a credential set")
        let options = try members.requiredArray("options").map { option in
            guard let ids = option.arrayValue?.map(\.stringValue), !ids.contains(nil) else {
                throw DCQLQuery.invalid("a credential set's option is an array of credential query ids")
            }
            return ids.compactMap { $0 }
        }
        try self.init(options: options, required: try members.optionalBool("required") ?? true)
    }

    var jsonValue: JSONValue {
        var object: JSONObject = ["options": .array(options.map { .array($0.map(JSONValue.string)) })]
        if !required { _ = object.updateValue(.bool(false), forKey: "required") }
        return .object(object)
    }
}

/// The members of one DCQL object, read with their types checked.
struct DCQLMembers {
    let object: JSONObject
    let what: String

    init(_ value: JSONValue, _ what: String) throws {
        guard let object = value.objectValue else { throw DCQLQuery.invalid("\(what) is a JSON object") }
        self.object = object
        self.what = what
    }

    func requiredString(_ name: String) throws -> String {
        guard let text = object[name]?.stringValue else { throw DCQLQuery.invalid("\(what) has a string \(name)") }
        return text
    }

    func optionalBool(_ name: String) throws -> Bool? {
        guard let value = object[name] else { return nil }
        guard case .bool(let flag) = value else { throw DCQLQuery.invalid("\(what)'s \(name) is a boolean") }
        return flag
    }

    /// A non-empty array member.
    func requiredArray(_ name: String) throws -> [JSONValue] {
        guard let array = try optionalArray(name) else { throw DCQLQuery.invalid("\(what) has a non-empty array \(name)") }
        return array
    }

    /// A non-empty array member, or nil when it is absent.
    func optionalArray(_ name: String) throws -> [JSONValue]? {
        guard let value = object[name] else { return nil }
        guard let array = value.arrayValue, !array.isEmpty else { throw DCQLQuery.invalid("\(what)'s \(name) is a non-empty array") }
        return array
    }
}
