/// A strict RFC 8259 parser for credential JSON.
///
/// Stricter than `JSONSerialization` where credentials need it: duplicate member names are an
/// error (a signed object must not mean two things), nesting is limited to 64 levels, unpaired
/// surrogate escapes and control characters in strings are refused, and nothing may follow the
/// value.
extension JSONValue {
    static let maximumDepth = 64

    /// Parses one JSON text from UTF-8 bytes.
    @inlinable
    public init(parsing bytes: some Collection<UInt8>) throws {
        // Inlinable so that this is specialised in the caller's module: `Data` and arrays are
        // parsed where they lie, other collections after one block copy into an array.
        if let parsed = try bytes.withContiguousStorageIfAvailable({ try JSONValue(parsingContiguous: $0) }) {
            self = parsed
        } else {
            try self.init(parsingArray: Array(bytes))
        }
    }

    @usableFromInline
    init(parsingContiguous bytes: UnsafeBufferPointer<UInt8>) throws {
        try self.init(parsingBuffer: bytes)
    }

    @usableFromInline
    init(parsingArray bytes: [UInt8]) throws {
        self = try bytes.withUnsafeBufferPointer { try JSONValue(parsingBuffer: $0) }
    }

    /// Parses one JSON text from bytes that stay valid for the duration of the call, such as
    /// a base64url segment decoded into scratch memory.
    init(parsingBuffer bytes: UnsafeBufferPointer<UInt8>) throws {
        var parser = Parser(bytes: bytes)
        self = try parser.parseDocument()
    }

    /// Parses the JSON a base64url segment encodes (a JWS header or payload, a disclosure),
    /// decoded into scratch memory rather than an array; nil when it is not strict base64url.
    init?(parsingBase64URL segment: ArraySlice<UInt8>) throws {
        guard let value = try segment.withUnsafeBufferPointer({ try Base64URL.withDecoded($0, JSONValue.init(parsingBuffer:)) }) else {
            return nil
        }
        self = value
    }

    private struct Parser {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0

        mutating func parseDocument() throws -> JSONValue {
            let value = try parseValue(depth: 0)
            skipWhitespace()
            guard index == bytes.count else { throw failure("unexpected data after the JSON value") }
            return value
        }

        private mutating func parseValue(depth: Int) throws -> JSONValue {
            guard depth < JSONValue.maximumDepth else { throw failure("nesting deeper than \(JSONValue.maximumDepth) levels") }
            skipWhitespace()
            guard index < bytes.count else { throw failure("unexpected end of input") }
            switch bytes[index] {
            case UInt8(ascii: "{"): return try parseObject(depth: depth)
            case UInt8(ascii: "["): return try parseArray(depth: depth)
            case UInt8(ascii: "\""): return .string(try parseString())
            case UInt8(ascii: "t"): try expectLiteral("true"); return .bool(true)
            case UInt8(ascii: "f"): try expectLiteral("false"); return .bool(false)
            case UInt8(ascii: "n"): try expectLiteral("null"); return .null
            default: return try parseNumber()
            }
        }

        private mutating func parseObject(depth: Int) throws -> JSONValue {
            index += 1
            skipWhitespace()
            if peek(UInt8(ascii: "}")) { index += 1; return .object(JSONObject()) }
            // Room for a typical object up front: growing from one member reallocates thrice
            // before the eighth.
            var members: [JSONObject.Element] = []
            members.reserveCapacity(8)
            while true {
                skipWhitespace()
                guard peek(UInt8(ascii: "\"")) else { throw failure("expected a member name") }
                let name = try parseString()
                skipWhitespace()
                guard peek(UInt8(ascii: ":")) else { throw failure("expected ':' after member name") }
                index += 1
                let value = try parseValue(depth: depth + 1)
                members.append((name, value))
                skipWhitespace()
                if peek(UInt8(ascii: ",")) { index += 1; continue }
                if peek(UInt8(ascii: "}")) {
                    index += 1
                    let (object, repeatedName) = JSONObject.parsed(members)
                    if let repeatedName { throw failure("duplicate member name '\(repeatedName)'") }
                    return .object(object)
                }
                throw failure("expected ',' or '}' in an object")
            }
        }

        private mutating func parseArray(depth: Int) throws -> JSONValue {
            index += 1
            skipWhitespace()
            if peek(UInt8(ascii: "]")) { index += 1; return .array([]) }
            // Room for a short array up front (a disclosure is three elements): growing from
            // one element reallocates twice before the third.
            var elements: [JSONValue] = []
            elements.reserveCapacity(4)
            while true {
                elements.append(try parseValue(depth: depth + 1))
                skipWhitespace()
                if peek(UInt8(ascii: ",")) { index += 1; continue }
                if peek(UInt8(ascii: "]")) { index += 1; return .array(elements) }
                throw failure("expected ',' or ']' in an array")
            }
        }

        private mutating func parseString() throws -> String {
            index += 1
            let start = index
            index = Self.endOfPlainASCII(in: bytes, from: index)
            var isASCII = true
            // Fast path: a string without escapes is taken in one step from the bytes.
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") {
                    defer { index += 1 }
                    if isASCII { return String(decoding: span(start..<index), as: UTF8.self) }
                    guard let text = String(validating: span(start..<index), as: UTF8.self) else {
                        throw failure("a string that is not valid UTF-8")
                    }
                    return text
                }
                if byte == UInt8(ascii: "\\") { break }
                if byte < 0x20 { throw failure("a control character inside a string") }
                isASCII = isASCII && byte < 0x80
                index += 1
            }
            return try parseEscapedString(from: start)
        }

        /// Skips eight bytes at a time while none of them is a quote, a backslash, a control
        /// character or outside ASCII: the bulk of a credential is long base64 strings (a
        /// portrait is kilobytes), which the byte loop would check one by one.
        private static func endOfPlainASCII(in buffer: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
            let ones: UInt64 = 0x0101_0101_0101_0101
            let highBits: UInt64 = 0x8080_8080_8080_8080
            /// Whether any byte of `word` is below `limit` (at most 0x80), for words without high bits.
            func hasByte(below limit: UInt64, in word: UInt64) -> Bool { (word &- ones &* limit) & ~word & highBits != 0 }
            var index = start
            while index + 8 <= buffer.count {
                let word = UInt64(littleEndian: UnsafeRawPointer(buffer.baseAddress! + index).loadUnaligned(as: UInt64.self))
                guard word & highBits == 0, !hasByte(below: 0x20, in: word),
                      !hasByte(below: 1, in: word ^ (ones &* 0x22)), !hasByte(below: 1, in: word ^ (ones &* 0x5C))
                else { break }
                index += 8
            }
            return index
        }

        /// The slow path, for strings with escapes: runs between escapes are validated and
        /// appended one at a time.
        private mutating func parseEscapedString(from start: Int) throws -> String {
            var text = ""
            var runStart = start
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                    guard let run = String(validating: span(runStart..<index), as: UTF8.self) else {
                        throw failure("a string that is not valid UTF-8")
                    }
                    text += run
                    index += 1
                    if byte == UInt8(ascii: "\"") { return text }
                    text.unicodeScalars.append(try parseEscape())
                    runStart = index
                    continue
                }
                if byte < 0x20 { throw failure("a control character inside a string") }
                index += 1
            }
            throw failure("an unterminated string")
        }

        private mutating func parseEscape() throws -> Unicode.Scalar {
            guard index < bytes.count else { throw failure("an unterminated escape") }
            let byte = bytes[index]
            index += 1
            switch byte {
            case UInt8(ascii: "\""): return "\""
            case UInt8(ascii: "\\"): return "\\"
            case UInt8(ascii: "/"): return "/"
            case UInt8(ascii: "b"): return "\u{08}"
            case UInt8(ascii: "f"): return "\u{0C}"
            case UInt8(ascii: "n"): return "\n"
            case UInt8(ascii: "r"): return "\r"
            case UInt8(ascii: "t"): return "\t"
            case UInt8(ascii: "u"):
                let unit = try parseHex4()
                if (0xD800...0xDBFF).contains(unit) {
                    guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                        throw failure("an unpaired surrogate escape")
                    }
                    index += 2
                    let low = try parseHex4()
                    guard (0xDC00...0xDFFF).contains(low),
                          let scalar = Unicode.Scalar(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))
                    else { throw failure("an unpaired surrogate escape") }
                    return scalar
                }
                guard let scalar = Unicode.Scalar(unit) else { throw failure("an unpaired surrogate escape") }
                return scalar
            default:
                throw failure("an unknown escape '\\\(Character(Unicode.Scalar(byte)))'")
            }
        }

        private mutating func parseHex4() throws -> UInt32 {
            guard index + 4 <= bytes.count,
                  let value = UInt32(String(decoding: bytes[index..<index + 4], as: UTF8.self), radix: 16),
                  bytes[index..<index + 4].allSatisfy({ $0 != UInt8(ascii: "+") && $0 != UInt8(ascii: "-") })
            else { throw failure("a malformed \\u escape") }
            index += 4
            return value
        }

        private mutating func parseNumber() throws -> JSONValue {
            let start = index
            if peek(UInt8(ascii: "-")) { index += 1 }
            guard index < bytes.count, isDigit(bytes[index]) else { throw failure("an unexpected character") }
            if bytes[index] == UInt8(ascii: "0") {
                index += 1
                if index < bytes.count, isDigit(bytes[index]) { throw failure("a number with a leading zero") }
            } else {
                while index < bytes.count, isDigit(bytes[index]) { index += 1 }
            }
            let integerDigits = index - start
            var isInteger = true
            var hasExponent = false
            if peek(UInt8(ascii: ".")) {
                isInteger = false
                index += 1
                guard index < bytes.count, isDigit(bytes[index]) else { throw failure("a number without fraction digits") }
                while index < bytes.count, isDigit(bytes[index]) { index += 1 }
            }
            if peek(UInt8(ascii: "e")) || peek(UInt8(ascii: "E")) {
                isInteger = false
                hasExponent = true
                index += 1
                if peek(UInt8(ascii: "+")) || peek(UInt8(ascii: "-")) { index += 1 }
                guard index < bytes.count, isDigit(bytes[index]) else { throw failure("a number without exponent digits") }
                while index < bytes.count, isDigit(bytes[index]) { index += 1 }
            }
            if isInteger, let integer = Self.integer(span(start..<index)) { return .integer(integer) }
            let text = String(decoding: span(start..<index), as: UTF8.self)
            // Kept as written (amounts must not pass through binary floating point). A number
            // no reader could hold is refused; without an exponent and with fewer integer
            // digits than the largest double has, every number is finite, so only the rest is
            // read as a double to find out.
            if hasExponent || integerDigits > 300 {
                guard let number = Double(text), number.isFinite else { throw failure("a number out of range") }
            }
            return .number(JSONNumber(validated: text))
        }

        /// The value of `-?digits` already checked by the grammar, or nil when it does not fit
        /// 64 bits: read from the bytes, without making a string to parse.
        private static func integer(_ digits: UnsafeBufferPointer<UInt8>) -> Int64? {
            let negative = digits.first == UInt8(ascii: "-")
            var value: Int64 = 0
            for digit in digits.dropFirst(negative ? 1 : 0) {
                // Accumulated below zero, whose range reaches Int64.min.
                let (shifted, overflow) = value.multipliedReportingOverflow(by: 10)
                let (next, underflow) = shifted.subtractingReportingOverflow(Int64(digit &- UInt8(ascii: "0")))
                guard !overflow, !underflow else { return nil }
                value = next
            }
            if negative { return value }
            return value == .min ? nil : -value
        }

        private mutating func expectLiteral(_ literal: StaticString) throws {
            let expected = UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount)
            guard index + expected.count <= bytes.count, bytes[index..<index + expected.count].elementsEqual(expected) else {
                throw failure("an unexpected character")
            }
            index += expected.count
        }

        private mutating func skipWhitespace() {
            while index < bytes.count {
                switch bytes[index] {
                case 0x20, 0x09, 0x0A, 0x0D: index += 1
                default: return
                }
            }
        }

        private func span(_ range: Range<Int>) -> UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(rebasing: bytes[range]) }

        private func peek(_ byte: UInt8) -> Bool { index < bytes.count && bytes[index] == byte }

        private func isDigit(_ byte: UInt8) -> Bool { byte.asciiDigitValue != nil }

        func failure(_ what: String) -> IDCoreError {
            IDCoreError(.malformedCredential, "Invalid JSON: \(what) at byte \(index).")
        }
    }
}
