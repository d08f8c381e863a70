/// Rebuilds the disclosed claims from an SD-JWT payload and the disclosures presented with it,
/// applying every rejection of RFC 9901 section 7.1:
///
/// - two disclosures with the same digest (the same disclosure twice);
/// - a digest that appears more than once in the payload and the disclosed values;
/// - a disclosure whose digest is nowhere in the payload;
/// - a disclosed name that collides with a plain claim or another disclosed claim in its object;
/// - an object-member disclosure in an array slot, or an array-element disclosure in `_sd`;
/// - an `_sd` that is not an array of strings;
/// - claims nested, through disclosures inside disclosures, deeper than JSON parsing allows.
///
/// Digests without a disclosure are decoys or undisclosed claims and are dropped.
///
/// The payload is rewritten in place, and a disclosure is decoded only when its digest is met:
/// a verifier does this for every presentation, and building a second tree, or a
/// ``Disclosure`` for each encoded one first, cost more than the rest of the walk.
struct SelectiveDisclosureProcessor<Presented: PresentedDisclosure> {
    struct Result {
        let claims: JSONObject
        /// Where each disclosure landed, in the order they were presented. Positions, not
        /// the encoded disclosures: hashing a disclosure that carries a portrait costs
        /// microseconds, and a verifier would do it for every presentation.
        let disclosurePaths: [ClaimPath]
    }

    /// What is known of a digest: a presented disclosure not yet met in the payload, or met.
    /// One table for both, so each digest of the payload is hashed once.
    private enum DigestState {
        case presented(position: Int)
        case met
    }

    private let disclosures: [Presented]
    private var digests: [String: DigestState] = [:]
    /// Where each presented disclosure landed, by position; nil until its digest is met.
    private var paths: [ClaimPath?]

    private init(disclosures: [Presented]) {
        self.disclosures = disclosures
        self.paths = Array(repeating: nil, count: disclosures.count)
    }

    /// Processes `payload` with the presented disclosures. Pass a payload nothing else holds,
    /// and it is rewritten without being copied.
    static func process(payload: consuming JSONObject, disclosures: [Presented], hash: SelectiveDisclosureHash) throws -> Result {
        var processor = SelectiveDisclosureProcessor(disclosures: disclosures)
        // Room for the presented digests and the payload's own at once: growing the table, or
        // reserving again for each nested object, rehashes every digest in it.
        processor.digests.reserveCapacity(2 * disclosures.count + (payload["_sd"]?.arrayValue?.count ?? 0))
        for (position, disclosure) in disclosures.enumerated() {
            let digest = try disclosure.digest(using: hash)
            guard processor.digests.updateValue(.presented(position: position), forKey: digest) == nil else {
                throw IDCoreError(.malformedCredential, "The same disclosure is presented twice.")
            }
        }
        var claims = payload
        claims.removeValue(forKey: "_sd_alg")
        try processor.processObject(&claims, at: ClaimPath([]))
        // Every path is set once (a digest is met at most once), so none missing means all landed.
        let paths = processor.paths.compactMap { $0 }
        if paths.count != disclosures.count {
            throw IDCoreError(.malformedCredential, "A disclosure's digest is not in the signed payload: it was not issued with this credential.")
        }
        return Result(claims: claims, disclosurePaths: paths)
    }

    private mutating func processObject(_ object: inout JSONObject, at path: ClaimPath) throws {
        let digestList = object.removeValue(forKey: "_sd")
        for position in object.indices where object[position].value.isContainer {
            let memberPath = path.appending(.claim(object[position].key))
            try object.modifyValue(at: position) { try processValue(&$0, at: memberPath) }
        }
        guard let digestList else { return }
        guard let listed = digestList.arrayValue, listed.allSatisfy({ $0.stringValue != nil }) else {
            throw IDCoreError(.malformedCredential, "'_sd' at '\(path)' is not an array of digest strings.")
        }
        var met: [Int] = []
        met.reserveCapacity(listed.count)
        for case .string(let digest) in listed {
            if let position = try meet(digest) { met.append(position) }
        }
        var disclosed: [JSONObject.Element] = []
        disclosed.reserveCapacity(met.count)
        for position in met {
            var content = try disclosures[position].content()
            guard let name = content.claimName else {
                throw IDCoreError(.malformedCredential, "An array-element disclosure is referenced from an object's '_sd' at '\(path)'.")
            }
            let claimPath = path.appending(.claim(name))
            paths[position] = claimPath
            try processValue(&content.value, at: claimPath)
            disclosed.append((name, content.value))
        }
        // Added at once, in one sort: inserting claim by claim would shift the object for each.
        if let name = object.addNewMembers(disclosed) {
            throw IDCoreError(.malformedCredential, "Disclosed claim '\(name)' collides with a claim already present at '\(path)'.")
        }
    }

    /// Rewrites an object or array in place; the value is taken out of `value` first, so that
    /// the container is uniquely referenced and changing it copies nothing.
    private mutating func processValue(_ value: inout JSONValue, at path: ClaimPath) throws {
        // Each disclosure is parsed on its own, within the parser's depth limit, but disclosures
        // can nest one inside another without end: the rebuilt claims are held to the same
        // limit, so that a chain of them cannot exhaust the stack (the structure is checked
        // before any signature, so this needs no valid signature to try).
        guard path.components.count < JSONValue.maximumDepth else {
            throw IDCoreError(.malformedCredential, "The disclosed claims nest deeper than \(JSONValue.maximumDepth) levels.")
        }
        switch value {
        case .object(var members):
            value = .null
            try processObject(&members, at: path)
            value = .object(members)
        case .array(var elements):
            value = .null
            try processArray(&elements, at: path)
            value = .array(elements)
        default:
            return
        }
    }

    /// Replaces each `{"...": digest}` element by its disclosed value, or drops it when the
    /// element was not disclosed.
    private mutating func processArray(_ elements: inout [JSONValue], at path: ClaimPath) throws {
        var kept = 0
        for index in elements.indices {
            var element = elements[index]
            if let digest = Self.arrayElementDigest(element) {
                guard let position = try meet(digest) else { continue }
                let content = try disclosures[position].content()
                guard content.claimName == nil else {
                    throw IDCoreError(.malformedCredential, "An object-member disclosure is referenced from an array element at '\(path)'.")
                }
                paths[position] = path.appending(.element(kept))
                element = content.value
            }
            if element.isContainer {
                elements[index] = .null
                try processValue(&element, at: path.appending(.element(kept)))
            }
            elements[kept] = element
            kept += 1
        }
        elements.removeSubrange(kept...)
    }

    /// The digest of an array element that stands for a disclosure: an object whose only
    /// member is `...`, a string.
    private static func arrayElementDigest(_ element: JSONValue) -> String? {
        guard case .object(let members) = element, members.count == 1 else { return nil }
        return members["..."]?.stringValue
    }

    /// Marks `digest` as met in the payload; the position of its disclosure, if one was presented.
    private mutating func meet(_ digest: String) throws -> Int? {
        switch digests.updateValue(.met, forKey: digest) {
        case .presented(let position)?: return position
        case nil: return nil
        case .met?: throw IDCoreError(.malformedCredential, "Digest \(digest.prefix(12))… appears more than once in the credential.")
        }
    }
}

private extension JSONValue {
    /// Whether this is an object or an array: only those can hold digests.
    var isContainer: Bool {
        switch self {
        case .object, .array: true
        default: false
        }
    }
}

/// A disclosure as the processor takes it: what its digest is, and what it discloses once its
/// digest is met. The verifier hands over the encoded bytes it received, decoded only when met;
/// a wallet, the ``Disclosure`` values it already holds.
protocol PresentedDisclosure {
    func digest(using hash: SelectiveDisclosureHash) throws -> String
    func content() throws -> (claimName: String?, value: JSONValue)
}

extension Disclosure: PresentedDisclosure {
    func content() -> (claimName: String?, value: JSONValue) { (claimName, value) }
}

/// A disclosure as presented: its base64url bytes, decoded only when the processor meets it.
struct EncodedDisclosure: PresentedDisclosure {
    let bytes: ArraySlice<UInt8>

    func digest(using hash: SelectiveDisclosureHash) throws -> String { try hash.digest(of: bytes) }

    func content() throws -> (claimName: String?, value: JSONValue) {
        let content = try Disclosure.decodedContent(of: bytes)
        return (content.claimName, content.value)
    }
}
