/// Turns claims into an SD-JWT payload and its disclosures (RFC 9901 section 4.2), bottom up:
/// nested values are encoded first, so a disclosed object can itself hold undisclosed claims.
struct SelectiveDisclosureEncoder {
    let hash: SelectiveDisclosureHash
    let layout: DisclosureLayout
    let random: any RandomByteSource

    /// Salts of 128 bits, as RFC 9901 section 9.3 recommends.
    static let saltLength = 16

    func encode(_ claims: JSONObject) throws -> (payload: JSONObject, disclosures: [Disclosure]) {
        var disclosures: [Disclosure] = []
        let payload = try encodeObject(claims, at: ClaimPath([]), into: &disclosures)
        return (payload, disclosures)
    }

    private func encodeObject(_ object: JSONObject, at path: ClaimPath, into disclosures: inout [Disclosure]) throws -> JSONObject {
        var plain: JSONObject = [:]
        var digests: [String] = []
        for (name, value) in object {
            let memberPath = path.appending(.claim(name))
            let encoded = try encodeValue(value, at: memberPath, into: &disclosures)
            if layout.isSelectivelyDisclosable(memberPath) {
                let disclosure = Disclosure(salt: try salt(), claimName: name, value: encoded)
                disclosures.append(disclosure)
                digests.append(try disclosure.digest(using: hash))
            } else {
                plain[name] = encoded
            }
        }
        if !digests.isEmpty || (layout.decoysPerObject > 0 && !object.isEmpty) {
            for _ in 0..<layout.decoysPerObject { digests.append(try decoyDigest()) }
            // Sorted, so the order of the digests says nothing about the order of the claims.
            plain["_sd"] = .array(digests.sorted().map(JSONValue.string))
        }
        return plain
    }

    private func encodeValue(_ value: JSONValue, at path: ClaimPath, into disclosures: inout [Disclosure]) throws -> JSONValue {
        switch value {
        case .object(let members):
            return .object(try encodeObject(members, at: path, into: &disclosures))
        case .array(let elements):
            return .array(try elements.enumerated().map { index, element in
                let elementPath = path.appending(.element(index))
                let encoded = try encodeValue(element, at: elementPath, into: &disclosures)
                guard layout.isSelectivelyDisclosable(elementPath) else { return encoded }
                let disclosure = Disclosure(salt: try salt(), claimName: nil, value: encoded)
                disclosures.append(disclosure)
                return .object(["...": .string(try disclosure.digest(using: hash))])
            })
        default:
            return value
        }
    }

    private func salt() throws -> String {
        Base64URL.encode(try random.bytes(count: Self.saltLength))
    }

    private func decoyDigest() throws -> String {
        try hash.digest(of: salt())
    }
}
