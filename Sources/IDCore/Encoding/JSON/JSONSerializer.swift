import Foundation

/// Compact JSON output: no insignificant white space, object members in the order of their names, strings
/// escaped only where RFC 8259 requires (quotes, backslash, control characters), so the same
/// value always serialises to the same bytes.
extension JSONValue {
    /// The UTF-8 bytes of the compact form.
    public var serialized: [UInt8] {
        // Room for a whole signed envelope (about 600 bytes) before the first growth.
        var writer = JSONWriter(capacity: 1024)
        write(into: &writer)
        return writer.finish()
    }

    /// The compact form as `Data`, for a message body.
    package var serializedData: Data {
        var writer = JSONWriter(capacity: 1024)
        write(into: &writer)
        return writer.finishData()
    }

    private func write(into output: inout JSONWriter) {
        switch self {
        case .null: output.append("null")
        case .bool(let value): output.append(value ? "true" : "false")
        case .integer(let value): output.append(value)
        case .number(let value): output.append(utf8: value.text)
        case .string(let value): Self.writeString(value, into: &output)
        case .array(let elements):
            output.append(UInt8(ascii: "["))
            var isFirst = true
            for element in elements {
                if !isFirst { output.append(UInt8(ascii: ",")) }
                isFirst = false
                element.write(into: &output)
            }
            output.append(UInt8(ascii: "]"))
        case .object(let members):
            output.append(UInt8(ascii: "{"))
            // Already in the order of their names.
            var isFirst = true
            for member in members {
                if !isFirst { output.append(UInt8(ascii: ",")) }
                isFirst = false
                Self.writeString(member.key, into: &output)
                output.append(UInt8(ascii: ":"))
                member.value.write(into: &output)
            }
            output.append(UInt8(ascii: "}"))
        }
    }

    private static func writeString(_ value: String, into output: inout JSONWriter) {
        output.append(UInt8(ascii: "\""))
        // Through the string's contiguous UTF-8: iterating `utf8` byte by byte costs more than
        // the rest of writing a member.
        var value = value
        value.withUTF8 { bytes in
            // Most strings need no escape at all: found eight bytes at a time, copied whole.
            guard needsEscaping(bytes) else {
                output.append(bytes)
                return
            }
            for byte in bytes {
                switch byte {
                case UInt8(ascii: "\""): output.append(#"\""#)
                case UInt8(ascii: "\\"): output.append(#"\\"#)
                case UInt8(ascii: "\n"): output.append(#"\n"#)
                case UInt8(ascii: "\r"): output.append(#"\r"#)
                case UInt8(ascii: "\t"): output.append(#"\t"#)
                case 0..<0x20: output.append(utf8: "\\u" + String(byte, radix: 16, zeroPaddedTo: 4))
                default: output.append(byte)
                }
            }
        }
        output.append(UInt8(ascii: "\""))
    }

    /// Whether any byte is a quote, a backslash or a control character.
    private static func needsEscaping(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highBits: UInt64 = 0x8080_8080_8080_8080
        /// Whether any byte of `word` is zero (bytes at or above 0x80 included).
        func hasZeroByte(_ word: UInt64) -> Bool { (word &- ones) & ~word & highBits != 0 }
        var index = 0
        while index + 8 <= bytes.count {
            let word = UnsafeRawPointer(bytes.baseAddress! + index).loadUnaligned(as: UInt64.self)
            // A byte below 0x20 is one whose top three bits are all clear.
            if hasZeroByte(word & (ones &* 0xE0)) || hasZeroByte(word ^ (ones &* 0x22)) || hasZeroByte(word ^ (ones &* 0x5C)) { return true }
            index += 8
        }
        return bytes[index...].contains { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }
    }
}
