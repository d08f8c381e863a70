/// Rebuilds the disclosed claims from an SD-JWT payload and the disclosures presented with it,
/// applying every rejection of RFC 9901 section 7.1:
///
/// - two disclosures with the same digest (the same disclosure twice);
/// - a digest that appears more than once in the payload and the disclosed values;
/// - a disclosure whose digest is nowhere in the payload;
/// - a disclosed name that collides with a plain claim or another disclosed claim in its object;
/// - an object-member disclosure in an array slot, or an array-element disclosure in `_sd`;
/// - an `_sd` that is not an array of strings.
///
/// Digests without a disclosure are decoys or undisclosed claims and are dropped.
struct SelectiveDisclosureProcessor {
    struct Result {
        let claims: [String: JSONValue]
        /// Where each disclosure landed, by its position in the presented list. Positions, not
        /// the encoded disclosures: hashing a disclosure that carries a portrait costs
        /// microseconds, and a verifier would do it for every presentation.
        let disclosurePaths: [Int: ClaimPath]
    }

    /// What is known of a digest: a presented disclosure not yet met in the payload, or met.
    /// One table for both, so each digest of the payload is hashed once.
    private enum DigestState {
        case presented(position: Int)
        case met
    }

    private let disclosures: [Disclosure]
    private var digests: [String: DigestState] = [:]
    private var paths: [Int: ClaimPath] = [:]

    private init(disclosures: [Disclosure]) {
        self.disclosures = disclosures
    }

    static func process(payload: [String: JSONValue], disclosures: [Disclosure], hash: SelectiveDisclosureHash) throws -> Result {
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
        var claims = try processor.processObject(payload, at: ClaimPath([]))
        claims["_sd_alg"] = nil
        if processor.paths.count != disclosures.count {
            throw IDCoreError(.malformedCredential, "A disclosure's digest is not in the signed payload: it was not issued with this credential.")
        }
        return Result(claims: claims, disclosurePaths: processor.paths)
    }

    private mutating func processObject(_ object: [String: JSONValue], at path: ClaimPath) throws -> [String: JSONValue] {
        let digestList = object["_sd"]
        // Sized for the plain claims and every disclosed one at once: growing rehashes them.
        var output: [String: JSONValue] = [:]
        output.reserveCapacity(object.count + (digestList?.arrayValue?.count ?? 0))
        for (name, value) in object where name != "_sd" {
            output[name] = try processValue(value, at: path.appending(.claim(name)))
        }
        guard let digestList else { return output }
        guard let listed = digestList.arrayValue?.compactMap(\.stringValue), listed.count == digestList.arrayValue?.count else {
            throw IDCoreError(.malformedCredential, "'_sd' at '\(path)' is not an array of digest strings.")
        }
        for digest in listed {
            guard let position = try meet(digest) else { continue }
            let disclosure = disclosures[position]
            guard let name = disclosure.claimName else {
                throw IDCoreError(.malformedCredential, "An array-element disclosure is referenced from an object's '_sd' at '\(path)'.")
            }
            guard output[name] == nil else {
                throw IDCoreError(.malformedCredential, "Disclosed claim '\(name)' collides with a claim already present at '\(path)'.")
            }
            let claimPath = path.appending(.claim(name))
            paths[position] = claimPath
            output[name] = try processValue(disclosure.value, at: claimPath)
        }
        return output
    }

    /// The path is an autoclosure: most values are scalars, which have nothing to rebuild and
    /// need no path, and building one for each would cost more than the rest of the walk.
    private mutating func processValue(_ value: JSONValue, at lazyPath: @autoclosure () -> ClaimPath) throws -> JSONValue {
        switch value {
        case .object(let members):
            return .object(try processObject(members, at: lazyPath()))
        case .array(let elements):
            let path = lazyPath()
            var output: [JSONValue] = []
            for element in elements {
                let elementPath = path.appending(.element(output.count))
                guard let members = element.objectValue, members.count == 1, let digest = members["..."]?.stringValue else {
                    output.append(try processValue(element, at: elementPath))
                    continue
                }
                guard let position = try meet(digest) else { continue }
                let disclosure = disclosures[position]
                guard disclosure.claimName == nil else {
                    throw IDCoreError(.malformedCredential, "An object-member disclosure is referenced from an array element at '\(path)'.")
                }
                paths[position] = elementPath
                output.append(try processValue(disclosure.value, at: elementPath))
            }
            return .array(output)
        default:
            return value
        }
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
