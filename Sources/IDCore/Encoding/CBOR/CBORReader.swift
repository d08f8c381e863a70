/// The cursor under ``CBORDecoder``: reads CBOR items from a buffer with every check the decoder
/// documents, counting items and nesting against its limits.
///
/// It builds a value tree (``readValue(depth:)``), walks an item without building it
/// (``skip(depth:)``), or reads a structure member by member (CBORReader+Members.swift) so that
/// a verifier builds nothing for what it only looks at. Every path shares the same head, length,
/// map-key and tag checks, so the three accept and refuse exactly the same input.
struct CBORReader {
    let bytes: UnsafeBufferPointer<UInt8>
    let limits: CBORDecoder.Limits
    let deterministic: Bool
    var position = 0
    var items = 0

    init(bytes: UnsafeBufferPointer<UInt8>, limits: CBORDecoder.Limits, deterministic: Bool) {
        self.bytes = bytes
        self.limits = limits
        self.deterministic = deterministic
    }

    func fail(_ reason: String) -> IDCoreError {
        IDCoreError(.malformedCBOR, "\(reason) (at byte \(position)).")
    }

    /// The major type of the next item, without reading it; nil at the end of the input.
    var nextMajorType: UInt8? {
        position < bytes.count ? bytes[position] >> 5 : nil
    }

    private mutating func byte() throws -> UInt8 {
        guard position < bytes.count else { throw fail("The CBOR input ends inside an item") }
        defer { position += 1 }
        return bytes[position]
    }

    mutating func take(_ count: UInt64) throws -> UnsafeBufferPointer<UInt8> {
        guard count <= UInt64(bytes.count - position) else { throw fail("A CBOR length of \(count) runs past the input's end") }
        let slice = UnsafeBufferPointer(rebasing: bytes[position..<(position + Int(count))])
        position += Int(count)
        return slice
    }

    /// Counts one more item at `depth` against the limits and reads its initial byte.
    mutating func head(depth: Int) throws -> (major: UInt8, info: UInt8) {
        items += 1
        guard items <= limits.maximumItems else { throw fail("The CBOR input holds more than \(limits.maximumItems) items") }
        guard depth <= limits.maximumDepth else { throw fail("CBOR nesting is deeper than \(limits.maximumDepth)") }
        let initial = try byte()
        return (initial >> 5, initial & 0x1f)
    }

    /// The argument of an initial byte's additional information; nil for indefinite (31).
    mutating func argument(_ info: UInt8) throws -> UInt64? {
        let value: UInt64
        let minimum: UInt64
        switch info {
        case 0..<24: return UInt64(info)
        case 24: value = UInt64(try byte()); minimum = 24
        case 25: value = try take(2).reduce(0) { $0 << 8 | UInt64($1) }; minimum = 0x100
        case 26: value = try take(4).reduce(0) { $0 << 8 | UInt64($1) }; minimum = 0x1_0000
        case 27: value = try take(8).reduce(0) { $0 << 8 | UInt64($1) }; minimum = 0x1_0000_0000
        case 31: return nil
        default: throw fail("Additional information \(info) is reserved in CBOR")
        }
        if deterministic, value < minimum { throw fail("A CBOR argument \(value) is not in its shortest form") }
        return value
    }

    /// The next item as a value.
    mutating func readValue(depth: Int) throws -> CBORValue {
        let (major, info) = try head(depth: depth)
        if major == 7 { return try simpleOrFloat(info) }
        let length = try argument(info)
        switch major {
        case 0: return .unsigned(try definite(length, "an integer"))
        case 1: return .negative(try definite(length, "an integer"))
        case 2: return .bytes(try string(length, major: 2))
        case 3: return .text(try text(length))
        case 4:
            var elements: [CBORValue] = []
            try arrayBody(length, reserving: { elements.reserveCapacity($0) }) { reader in elements.append(try reader.readValue(depth: depth + 1)) }
            return .array(elements)
        case 5:
            var entries: [CBORMap.Entry] = []
            try mapBody(length, depth: depth, reserving: { entries.reserveCapacity($0) }) { reader, key in
                entries.append(CBORMap.Entry(key: key, value: try reader.readValue(depth: depth + 1)))
            }
            return .map(CBORMap(checked: entries))
        default:
            let tag = try definite(length, "a tag")
            return try tagged(tag, try readValue(depth: depth + 1), depth: depth)
        }
    }

    /// Walks one item as ``readValue(depth:)`` reads it, checking its structure, lengths, nesting
    /// and count, without building it.
    mutating func skip(depth: Int) throws {
        let (major, info) = try head(depth: depth)
        if major == 7 {
            _ = try simpleOrFloat(info)
            return
        }
        let length = try argument(info)
        switch major {
        case 0, 1: _ = try definite(length, "an integer")
        case 2: try skipString(length, major: 2)
        case 3: try skipText(length)
        case 4: try arrayBody(length) { try $0.skip(depth: depth + 1) }
        case 5: try mapBody(length, depth: depth) { reader, _ in try reader.skip(depth: depth + 1) }
        default:
            let tag = try definite(length, "a tag")
            let start = position
            try skip(depth: depth + 1)
            // The content of a tag with rules is read again as a value for its checks (tag 24's
            // walked there too, so that embedding inside embedding stays bounded).
            if Self.hasContentRules(tag) {
                var content = CBORReader(bytes: UnsafeBufferPointer(rebasing: bytes[start..<position]), limits: limits, deterministic: false)
                _ = try tagged(tag, try content.readValue(depth: depth + 1), depth: depth)
            }
        }
    }

    private mutating func skipString(_ length: UInt64?, major: UInt8) throws {
        if let length {
            _ = try take(length)
            return
        }
        _ = try string(nil, major: major)
    }

    func definite(_ length: UInt64?, _ what: String) throws -> UInt64 {
        guard let length else { throw fail("\(what.prefix(1).uppercased() + what.dropFirst()) cannot have an indefinite length") }
        return length
    }

    /// Refuses a count of items that could not fit in what is left of the input.
    private func checkCount(_ count: UInt64, perItem: UInt64) throws {
        guard count <= UInt64(bytes.count - position) / perItem else { throw fail("A CBOR count of \(count) items runs past the input's end") }
    }

    private func checkIndefinite() throws {
        guard limits.allowsIndefiniteLength, !deterministic else { throw fail("Indefinite-length CBOR items are not accepted") }
    }

    private mutating func atBreak() throws -> Bool {
        guard position < bytes.count else { throw fail("An indefinite CBOR item has no break") }
        if bytes[position] == 0xff { position += 1; return true }
        return false
    }

    /// A text string. Most are ASCII member names, taken without the generic UTF-8 validation
    /// (a tenth of a microsecond each, dozens in every document).
    mutating func text(_ length: UInt64?) throws -> String {
        if let length {
            let bytes = try take(length)
            if bytes.allSatisfy({ $0 < 0x80 }) { return String(decoding: bytes, as: UTF8.self) }
            guard let text = String(validating: bytes, as: UTF8.self) else { throw fail("A CBOR text string is not UTF-8") }
            return text
        }
        guard let text = String(validating: try string(nil, major: 3), as: UTF8.self) else { throw fail("A CBOR text string is not UTF-8") }
        return text
    }

    /// Checks a text string without keeping it.
    private mutating func skipText(_ length: UInt64?) throws {
        guard let length else {
            _ = try text(nil)
            return
        }
        let bytes = try take(length)
        guard bytes.allSatisfy({ $0 < 0x80 }) || String(validating: bytes, as: UTF8.self) != nil else { throw fail("A CBOR text string is not UTF-8") }
    }

    mutating func string(_ length: UInt64?, major: UInt8) throws -> [UInt8] {
        if let length { return Array(try take(length)) }
        try checkIndefinite()
        var joined: [UInt8] = []
        while try !atBreak() {
            let initial = try byte()
            guard initial >> 5 == major, let chunk = try argument(initial & 0x1f) else { throw fail("A chunk of an indefinite CBOR string is not a definite string of its type") }
            joined += try take(chunk)
        }
        return joined
    }

    /// The elements of an array whose head gave `length`: `element` reads each.
    mutating func arrayBody(_ length: UInt64?, reserving reserve: (Int) -> Void = { _ in }, _ element: (inout CBORReader) throws -> Void) throws {
        if let count = length {
            try checkCount(count, perItem: 1)
            reserve(Int(count))
            for _ in 0..<count { try element(&self) }
        } else {
            try checkIndefinite()
            while try !atBreak() { try element(&self) }
        }
    }

    /// The entries of a map at `depth` whose head gave `length`: each key is read and checked
    /// (no key repeated, and in order when deterministic), then `value` reads its value.
    mutating func mapBody(_ length: UInt64?, depth: Int, reserving reserve: (Int) -> Void = { _ in },
                          _ value: (inout CBORReader, CBORValue) throws -> Void) throws {
        if let count = length {
            try checkCount(count, perItem: 2)
            reserve(Int(count))
        } else {
            try checkIndefinite()
        }
        try MapKeys.withScratch { keys in
            var read: UInt64 = 0
            while true {
                if let length {
                    guard read < length else { break }
                } else if try atBreak() {
                    break
                }
                let start = position
                let key = try readValue(depth: depth + 1)
                if let problem = keys.add(key, encoded: UnsafeBufferPointer(rebasing: bytes[start..<position]), deterministic: deterministic) {
                    throw fail(problem)
                }
                try value(&self, key)
                read += 1
            }
        }
    }

    /// Whether RFC 8949 or RFC 8943 says what `tag` may hold.
    private static func hasContentRules(_ tag: UInt64) -> Bool {
        [CBORValue.dateTimeTag, CBORValue.epochTimeTag, CBORValue.fullDateTag, CBORValue.embeddedCBORTag].contains(tag)
    }

    /// Checks the content of the tags RFC 8949 and RFC 8943 define.
    private mutating func tagged(_ tag: UInt64, _ item: CBORValue, depth: Int) throws -> CBORValue {
        switch (tag, item) {
        case (CBORValue.dateTimeTag, .text), (CBORValue.fullDateTag, .text), (CBORValue.epochTimeTag, .unsigned), (CBORValue.epochTimeTag, .negative), (CBORValue.epochTimeTag, .float):
            break
        case (CBORValue.embeddedCBORTag, .bytes(let embedded)):
            // The bytes must hold one well-formed item, walked one level deeper under the same
            // limits (so embedding inside embedding cannot nest without bound) without building
            // it: whoever reads the embedded item decodes it, with every check, when it does.
            try embedded.withUnsafeBufferPointer { buffer in
                var inner = CBORReader(bytes: buffer, limits: limits, deterministic: false)
                inner.items = items
                try inner.skip(depth: depth + 1)
                guard inner.position == buffer.count else { throw fail("Tag 24 holds bytes after its embedded CBOR item") }
                items = inner.items
            }
        case (CBORValue.dateTimeTag, _), (CBORValue.fullDateTag, _), (CBORValue.epochTimeTag, _), (CBORValue.embeddedCBORTag, _):
            throw fail("CBOR tag \(tag) cannot hold \(item)")
        default:
            break
        }
        return .tagged(tag, item)
    }

    private mutating func simpleOrFloat(_ info: UInt8) throws -> CBORValue {
        switch info {
        case 20: return .bool(false)
        case 21: return .bool(true)
        case 22: return .null
        case 23: return .undefined
        case 0..<20: return .simple(info)
        case 24:
            let value = try byte()
            guard value >= 32 else { throw fail("A CBOR simple value below 32 must be in one byte") }
            return .simple(value)
        case 25:
            let bits = try take(2).reduce(0) { $0 << 8 | UInt16($1) }
            return .float(Double(Float16(bitPattern: bits)))
        case 26:
            let value = Float(bitPattern: try take(4).reduce(0) { $0 << 8 | UInt32($1) })
            if deterministic, CBOREncoder.shortestFloat(Double(value)).count < 5 { throw fail("A CBOR float is not in its shortest form") }
            return .float(Double(value))
        case 27:
            let value = Double(bitPattern: try take(8).reduce(0) { $0 << 8 | UInt64($1) })
            if deterministic, CBOREncoder.shortestFloat(value).count < 9 { throw fail("A CBOR float is not in its shortest form") }
            return .float(value)
        case 31: throw fail("A CBOR break stands outside an indefinite item")
        default: throw fail("Additional information \(info) is reserved in CBOR")
        }
    }
}

/// The keys of one map as it is read: a repeated key is refused (RFC 8949 §5.6), and, when the
/// encoding must be deterministic, a key whose encoding does not sort after the previous one.
///
/// The maps of credentials have a handful of keys: they are kept in scratch space on the stack
/// and compared one by one, until a map grows large enough for hashing to pay.
private struct MapKeys {
    private static let scratchCapacity = 16
    private let scratch: UnsafeMutableBufferPointer<CBORValue>
    private var count = 0
    private var hashed: Set<CBORValue>?
    private var previous: [UInt8]?

    /// Runs `body` with an empty set of keys in stack scratch space, released afterwards.
    static func withScratch(_ body: (inout MapKeys) throws -> Void) rethrows {
        try withUnsafeTemporaryAllocation(of: CBORValue.self, capacity: scratchCapacity) { scratch in
            var keys = MapKeys(scratch: scratch)
            defer { _ = scratch.prefix(keys.count).deinitialize() }
            try body(&keys)
        }
    }

    private init(scratch: UnsafeMutableBufferPointer<CBORValue>) {
        self.scratch = scratch
    }

    /// Adds `key`; the reason it is refused, or nil.
    mutating func add(_ key: CBORValue, encoded: UnsafeBufferPointer<UInt8>, deterministic: Bool) -> String? {
        let repeated: Bool
        if hashed != nil {
            repeated = hashed?.insert(key).inserted == false
        } else if count == Self.scratchCapacity {
            hashed = Set(scratch)
            repeated = hashed?.insert(key).inserted == false
        } else {
            repeated = scratch.prefix(count).contains(key)
            if !repeated {
                scratch.initializeElement(at: count, to: key)
                count += 1
            }
        }
        guard !repeated else { return "A CBOR map repeats the key \(key)" }
        if deterministic {
            if let previous, !previous.lexicographicallyPrecedes(encoded) { return "CBOR map keys are not in deterministic order" }
            previous = Array(encoded)
        }
        return nil
    }
}
