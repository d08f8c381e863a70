/// Reading a structure whose members the caller knows, one item at a time, with the checks and
/// limits of ``CBORDecoder`` and without building a value tree for what is only looked at: a
/// verifier reads a MobileSecurityObject's digests and every disclosed element this way.
///
/// A typed read returns nil when the next item is of another type, so that the caller names the
/// member in its own error; the reader is then not to be used further.
extension CBORReader {
    /// A text string at `depth`, or nil for another type.
    mutating func readText(depth: Int) throws -> String? {
        guard try next(is: 3) else { return nil }
        return try text(try argument(try head(depth: depth).info))
    }

    /// A byte string at `depth`, or nil for another type.
    mutating func readBytes(depth: Int) throws -> [UInt8]? {
        guard try next(is: 2) else { return nil }
        return try string(try argument(try head(depth: depth).info), major: 2)
    }

    /// An unsigned integer at `depth`, or nil for another type.
    mutating func readUnsigned(depth: Int) throws -> UInt64? {
        guard try next(is: 0) else { return nil }
        return try definite(try argument(try head(depth: depth).info), "an integer")
    }

    /// The number of a tag at `depth`, or nil for another type; the caller then reads the item
    /// the tag holds. Only for tags without content rules (not 0, 1, 1004 or 24, which are read
    /// as values so that their content is checked).
    mutating func readTag(depth: Int) throws -> UInt64? {
        guard try next(is: 6) else { return nil }
        return try definite(try argument(try head(depth: depth).info), "a tag")
    }

    /// A map at `depth`, member by member: `member` is given each key, checked (no key repeated),
    /// and reads or skips its value at `depth + 1`. False when the next item is not a map.
    mutating func readMap(depth: Int, _ member: (inout CBORReader, CBORValue) throws -> Void) throws -> Bool {
        guard try next(is: 5) else { return false }
        try mapBody(try argument(try head(depth: depth).info), depth: depth, member)
        return true
    }

    /// An array at `depth`, element by element: `element` reads or skips each at `depth + 1`.
    /// False when the next item is not an array.
    mutating func readArray(depth: Int, _ element: (inout CBORReader) throws -> Void) throws -> Bool {
        guard try next(is: 4) else { return false }
        try arrayBody(try argument(try head(depth: depth).info), element)
        return true
    }

    /// Tag 24 around a byte string at `depth`: `embedded` reads the item inside, from a reader
    /// over the byte string's content (its `bytes`), at the depth the decoder checks it at, and
    /// must read all of it. Nil when the next item is not tag 24 around a byte string.
    mutating func readEmbedded<Result>(depth: Int, _ embedded: (inout CBORReader, _ depth: Int) throws -> Result) throws -> Result? {
        guard try next(is: 6) else { return nil }
        guard try argument(try head(depth: depth).info) == CBORValue.embeddedCBORTag, try next(is: 2) else { return nil }
        let length = try argument(try head(depth: depth + 1).info)
        let limits = limits, deterministic = deterministic
        func read(_ content: UnsafeBufferPointer<UInt8>, _ items: inout Int) throws -> Result {
            var inner = CBORReader(bytes: content, limits: limits, deterministic: deterministic)
            inner.items = items
            let result = try embedded(&inner, depth + 1)
            guard inner.position == content.count else { throw inner.fail("Tag 24 holds bytes after its embedded CBOR item") }
            items = inner.items
            return result
        }
        if let length { return try read(try take(length), &items) }
        return try string(nil, major: 2).withUnsafeBufferPointer { try read($0, &items) }
    }

    /// Whether the next item has `major` type; throws at the end of the input.
    private func next(is major: UInt8) throws -> Bool {
        guard let found = nextMajorType else { throw fail("The CBOR input ends inside an item") }
        return found == major
    }
}

extension CBORDecoder {
    /// Reads the one item `bytes` hold with `body`, a reader at depth 0 under this decoder's
    /// limits; bytes left after it are refused.
    func read<Result>(_ bytes: some Collection<UInt8>, _ body: (inout CBORReader) throws -> Result) throws -> Result {
        let input = Array(bytes)
        return try input.withUnsafeBufferPointer { buffer in
            var reader = CBORReader(bytes: buffer, limits: limits, deterministic: deterministic)
            let result = try body(&reader)
            guard reader.position == buffer.count else {
                throw IDCoreError(.malformedCBOR, "\(buffer.count - reader.position) bytes follow the CBOR item.")
            }
            return result
        }
    }
}
