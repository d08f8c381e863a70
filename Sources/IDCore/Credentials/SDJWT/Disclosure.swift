/// One disclosure of an SD-JWT (RFC 9901 section 4.2): a salted claim, base64url-encoded JSON
/// `[salt, name, value]` for an object member or `[salt, value]` for an array element.
public struct Disclosure: Sendable, Hashable {
    /// The base64url text exactly as issued; digests are computed over it, never re-encoded.
    public let encoded: String
    /// The disclosure's salt as issued; it makes the digest of a guessable value unguessable.
    public let salt: String
    /// The claim name, or nil for an array element.
    public let claimName: String?
    /// The disclosed value.
    public let value: JSONValue

    /// Reads a disclosure, refusing any shape RFC 9901 does not allow.
    public init(encoded: String) throws {
        try self.init(encoded: encoded, bytes: Array(encoded.utf8)[...])
    }

    /// Reads a disclosure whose UTF-8 bytes the caller already holds.
    init(encoded: String, bytes encodedBytes: ArraySlice<UInt8>) throws {
        let content = try Self.decodedContent(of: encodedBytes)
        self.encoded = encoded
        self.salt = content.salt
        self.claimName = content.claimName
        self.value = content.value
    }

    /// Decodes and checks the salt, claim name and value of an encoded disclosure, refusing any
    /// shape RFC 9901 does not allow.
    static func decodedContent(of encodedBytes: ArraySlice<UInt8>) throws -> (salt: String, claimName: String?, value: JSONValue) {
        guard let parsed = try JSONValue(parsingBase64URL: encodedBytes) else {
            throw IDCoreError(.malformedCredential, "A disclosure is not unpadded base64url.")
        }
        guard let elements = parsed.arrayValue, let salt = elements.first?.stringValue else {
            throw IDCoreError(.malformedCredential, "A disclosure is not a JSON array starting with a salt string.")
        }
        switch elements.count {
        case 3:
            guard let name = elements[1].stringValue else {
                throw IDCoreError(.malformedCredential, "A disclosure's claim name is not a string.")
            }
            switch name {
            case "_sd", "...", "_sd_alg":
                throw IDCoreError(.malformedCredential, "A disclosure may not disclose the reserved claim name '\(name)'.")
            default:
                return (salt, name, elements[2])
            }
        case 2:
            return (salt, nil, elements[1])
        default:
            throw IDCoreError(.malformedCredential, "A disclosure has 2 or 3 elements; this one has \(elements.count).")
        }
    }

    /// Creates a disclosure for an object member (`claimName` given) or an array element.
    init(salt: String, claimName: String?, value: JSONValue) {
        let elements: [JSONValue] = [.string(salt)] + (claimName.map { [.string($0)] } ?? []) + [value]
        self.encoded = Base64URL.encode(JSONValue.array(elements).serialized)
        self.salt = salt
        self.claimName = claimName
        self.value = value
    }

    /// The digest that stands for this disclosure in the signed payload.
    public func digest(using hash: SelectiveDisclosureHash) throws -> String {
        try hash.digest(of: encoded)
    }
}
