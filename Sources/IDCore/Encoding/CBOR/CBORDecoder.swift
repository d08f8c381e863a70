/// A strict CBOR decoder (RFC 8949) for data that arrives from outside: a wallet's device
/// response, an issuer's signed object.
///
/// It reads exactly one well-formed, valid item and refuses, with `malformed-cbor`:
/// truncated input and trailing bytes; reserved additional information (28 ... 30) and a break
/// outside an indefinite item; indefinite lengths unless ``Limits/allowsIndefiniteLength``;
/// text that is not UTF-8; a map that repeats a key; a simple value below 32 in two bytes;
/// tags 0, 1, 1004 and 24 around the wrong kind of item (and tag 24 around bytes that are not
/// one CBOR item); nesting deeper than ``Limits/maximumDepth`` or more items than
/// ``Limits/maximumItems``. A declared length longer than what is left of the input is refused
/// before anything is allocated, so a few bytes cannot ask for gigabytes. With
/// `deterministic: true` it also refuses what core deterministic encoding (§4.2.1) does not
/// produce: an integer, length or float not in its shortest form, and map keys out of order.
public struct CBORDecoder: Sendable {
    /// Bounds on what one decode may build.
    public struct Limits: Sendable, Hashable {
        /// Arrays, maps and tags nested inside each other.
        public var maximumDepth: Int
        /// Data items in all.
        public var maximumItems: Int
        /// Whether indefinite-length strings, arrays and maps are read (18013-5 structures use
        /// definite lengths; some encoders do not).
        public var allowsIndefiniteLength: Bool

        /// Limits for structures the size of a device response: 32 levels, 100,000 items,
        /// definite lengths only.
        public init(maximumDepth: Int = 32, maximumItems: Int = 100_000, allowsIndefiniteLength: Bool = false) {
            self.maximumDepth = maximumDepth
            self.maximumItems = maximumItems
            self.allowsIndefiniteLength = allowsIndefiniteLength
        }
    }

    /// The bounds every decode of this decoder keeps to.
    public var limits: Limits
    /// Whether only core deterministic encoding is accepted.
    public var deterministic: Bool

    /// A decoder with `limits`, accepting any preferred or non-preferred encoding unless
    /// `deterministic`.
    public init(limits: Limits = Limits(), deterministic: Bool = false) {
        self.limits = limits
        self.deterministic = deterministic
    }

    /// Decodes the one item `bytes` hold.
    public func decode(_ bytes: some Collection<UInt8>) throws -> CBORValue {
        let input = Array(bytes)
        return try input.withUnsafeBufferPointer { buffer in
            var reader = Reader(bytes: buffer, limits: limits, deterministic: deterministic)
            let value = try reader.item(depth: 0)
            guard reader.position == buffer.count else {
                throw IDCoreError(.malformedCBOR, "\(buffer.count - reader.position) bytes follow the CBOR item.")
            }
            return value
        }
    }
}

private struct Reader {
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

    private func fail(_ reason: String) -> IDCoreError {
        IDCoreError(.malformedCBOR, "\(reason) (at byte \(position)).")
    }

    private mutating func byte() throws -> UInt8 {
        guard position < bytes.count else { throw fail("The CBOR input ends inside an item") }
        defer { position += 1 }
        return bytes[position]
    }

    private mutating func take(_ count: UInt64) throws -> UnsafeBufferPointer<UInt8> {
        guard count <= UInt64(bytes.count - position) else { throw fail("A CBOR length of \(count) runs past the input's end") }
        let slice = UnsafeBufferPointer(rebasing: bytes[position..<(position + Int(count))])
        position += Int(count)
        return slice
    }

    /// The argument of an initial byte's additional information; nil for indefinite (31).
    private mutating func argument(_ info: UInt8) throws -> UInt64? {
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

    mutating func item(depth: Int) throws -> CBORValue {
        items += 1
        guard items <= limits.maximumItems else { throw fail("The CBOR input holds more than \(limits.maximumItems) items") }
        guard depth <= limits.maximumDepth else { throw fail("CBOR nesting is deeper than \(limits.maximumDepth)") }
        let initial = try byte()
        let major = initial >> 5, info = initial & 0x1f
        if major == 7 { return try simpleOrFloat(info) }
        let length = try argument(info)
        switch major {
        case 0: return .unsigned(try definite(length, "an integer"))
        case 1: return .negative(try definite(length, "an integer"))
        case 2: return .bytes(try string(length, major: 2))
        case 3:
            guard let text = String(validating: try string(length, major: 3), as: UTF8.self) else { throw fail("A CBOR text string is not UTF-8") }
            return .text(text)
        case 4:
            var elements: [CBORValue] = []
            if let count = length {
                try checkCount(count, perItem: 1)
                elements.reserveCapacity(Int(count))
                for _ in 0..<count { elements.append(try item(depth: depth + 1)) }
            } else {
                try checkIndefinite()
                while try !atBreak() { elements.append(try item(depth: depth + 1)) }
            }
            return .array(elements)
        case 5: return .map(try map(length, depth: depth))
        default:
            let tag = try definite(length, "a tag")
            return try tagged(tag, try item(depth: depth + 1), depth: depth)
        }
    }

    /// Walks one item as ``item(depth:)`` reads it, checking its structure, lengths, nesting
    /// and count, without building it.
    mutating func skipItem(depth: Int) throws {
        items += 1
        guard items <= limits.maximumItems else { throw fail("The CBOR input holds more than \(limits.maximumItems) items") }
        guard depth <= limits.maximumDepth else { throw fail("CBOR nesting is deeper than \(limits.maximumDepth)") }
        let initial = try byte()
        let major = initial >> 5, info = initial & 0x1f
        if major == 7 {
            _ = try simpleOrFloat(info)
            return
        }
        let length = try argument(info)
        switch major {
        case 0, 1: _ = try definite(length, "an integer")
        case 2, 3: _ = try skipString(length, major: major)
        case 4, 5:
            let perEntry: UInt64 = major == 4 ? 1 : 2
            if let count = length {
                try checkCount(count, perItem: perEntry)
                for _ in 0..<(count * perEntry) { try skipItem(depth: depth + 1) }
            } else {
                try checkIndefinite()
                while try !atBreak() { for _ in 0..<perEntry { try skipItem(depth: depth + 1) } }
            }
        default:
            let tag = try definite(length, "a tag")
            let start = position
            try skipItem(depth: depth + 1)
            // What tag 24 embeds is walked too, so that embedding inside embedding stays bounded.
            var content = Reader(bytes: UnsafeBufferPointer(rebasing: bytes[start..<position]), limits: limits, deterministic: false)
            if tag == CBORValue.embeddedCBORTag, case .bytes(let embedded) = try content.item(depth: depth + 1) {
                try embedded.withUnsafeBufferPointer { buffer in
                    var inner = Reader(bytes: buffer, limits: limits, deterministic: false)
                    inner.items = items
                    try inner.skipItem(depth: depth + 2)
                    guard inner.position == buffer.count else { throw fail("Tag 24 holds bytes after its embedded CBOR item") }
                    items = inner.items
                }
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

    private func definite(_ length: UInt64?, _ what: String) throws -> UInt64 {
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

    private mutating func string(_ length: UInt64?, major: UInt8) throws -> [UInt8] {
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

    private mutating func map(_ length: UInt64?, depth: Int) throws -> CBORMap {
        var entries: [CBORMap.Entry] = []
        // The maps of credentials have a handful of keys: comparing with each is cheaper than
        // hashing, until a map grows large.
        var keys: Set<CBORValue>?
        var previousKey: [UInt8]?
        func add(_ key: CBORValue, _ value: CBORValue, keyBytes: ArraySlice<UInt8>) throws {
            if entries.count == 16 { keys = Set(entries.map(\.key)) }
            let repeated = keys?.insert(key).inserted == false || (keys == nil && entries.contains { $0.key == key })
            guard !repeated else { throw fail("A CBOR map repeats the key \(key)") }
            if deterministic {
                if let previousKey, !previousKey.lexicographicallyPrecedes(keyBytes) { throw fail("CBOR map keys are not in deterministic order") }
                previousKey = Array(keyBytes)
            }
            entries.append(CBORMap.Entry(key: key, value: value))
        }
        if let count = length {
            try checkCount(count, perItem: 2)
            entries.reserveCapacity(Int(count))
            for _ in 0..<count {
                let start = position
                let key = try item(depth: depth + 1)
                let keyBytes = bytes[start..<position]
                try add(key, try item(depth: depth + 1), keyBytes: ArraySlice(keyBytes))
            }
        } else {
            try checkIndefinite()
            while try !atBreak() {
                let start = position
                let key = try item(depth: depth + 1)
                let keyBytes = bytes[start..<position]
                try add(key, try item(depth: depth + 1), keyBytes: ArraySlice(keyBytes))
            }
        }
        return CBORMap(checked: entries)
    }

    /// Checks the tags whose content RFC 8949 and RFC 8943 define.
    private mutating func tagged(_ tag: UInt64, _ item: CBORValue, depth: Int) throws -> CBORValue {
        switch (tag, item) {
        case (CBORValue.dateTimeTag, .text), (CBORValue.fullDateTag, .text), (CBORValue.epochTimeTag, .unsigned), (CBORValue.epochTimeTag, .negative), (CBORValue.epochTimeTag, .float):
            break
        case (CBORValue.embeddedCBORTag, .bytes(let embedded)):
            // The bytes must hold one well-formed item, walked one level deeper under the same
            // limits (so embedding inside embedding cannot nest without bound) without building
            // it: whoever reads the embedded item decodes it, with every check, when it does.
            try embedded.withUnsafeBufferPointer { buffer in
                var inner = Reader(bytes: buffer, limits: limits, deterministic: false)
                inner.items = items
                try inner.skipItem(depth: depth + 1)
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
