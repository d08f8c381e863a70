/// Compact JSON output: no insignificant white space, object members sorted by name, strings
/// escaped only where RFC 8259 requires (quotes, backslash, control characters), so the same
/// value always serialises to the same bytes.
extension JSONValue {
    /// The UTF-8 bytes of the compact form.
    public var serialized: [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(256)  // most bodies and headers fit; growing from empty copies several times
        write(into: &output)
        return output
    }

    func write(into output: inout [UInt8]) {
        switch self {
        case .null: output.append(contentsOf: "null".utf8)
        case .bool(let value): output.append(contentsOf: (value ? "true" : "false").utf8)
        case .integer(let value): output.append(contentsOf: String(value).utf8)
        case .number(let value): output.append(contentsOf: value.text.utf8)
        case .string(let value): Self.writeString(value, into: &output)
        case .array(let elements):
            Self.writeArray(elements, into: &output) { $0.write(into: &$1) }
        case .object(let members):
            Self.writeObject(members.sorted { $0.key < $1.key }.lazy.map { (name: $0.key, value: $0.value) }, into: &output) { $0.write(into: &$1) }
        }
    }

    /// `[a,b,…]`, each element written by `write`.
    static func writeArray<Element>(_ elements: some Sequence<Element>, into output: inout [UInt8], _ write: (Element, inout [UInt8]) -> Void) {
        output.append(UInt8(ascii: "["))
        for (position, element) in elements.enumerated() {
            if position > 0 { output.append(UInt8(ascii: ",")) }
            write(element, &output)
        }
        output.append(UInt8(ascii: "]"))
    }

    /// `{"name":value,…}` for members in the order given, each value written by `write`.
    static func writeObject<Value>(_ members: some Sequence<(name: String, value: Value)>, into output: inout [UInt8], _ write: (Value, inout [UInt8]) -> Void) {
        output.append(UInt8(ascii: "{"))
        for (position, member) in members.enumerated() {
            if position > 0 { output.append(UInt8(ascii: ",")) }
            writeString(member.name, into: &output)
            output.append(UInt8(ascii: ":"))
            write(member.value, &output)
        }
        output.append(UInt8(ascii: "}"))
    }

    static func writeString(_ value: String, into output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        // Through the string's contiguous UTF-8: iterating `utf8` byte by byte costs more than
        // the rest of writing a member.
        var value = value
        value.withUTF8 { bytes in
            // Most strings need no escape at all: copy them whole.
            guard bytes.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) else {
                output.append(contentsOf: bytes)
                return
            }
            for byte in bytes {
                switch byte {
                case UInt8(ascii: "\""): output.append(contentsOf: #"\""#.utf8)
                case UInt8(ascii: "\\"): output.append(contentsOf: #"\\"#.utf8)
                case UInt8(ascii: "\n"): output.append(contentsOf: #"\n"#.utf8)
                case UInt8(ascii: "\r"): output.append(contentsOf: #"\r"#.utf8)
                case UInt8(ascii: "\t"): output.append(contentsOf: #"\t"#.utf8)
                case 0..<0x20: output.append(contentsOf: ("\\u" + String(byte, radix: 16, zeroPaddedTo: 4)).utf8)
                default: output.append(byte)
                }
            }
        }
        output.append(UInt8(ascii: "\""))
    }
}
