import Foundation
@testable import IDCore
import Testing

@Suite("Encoding and decoding Codable types through JSONValue")
struct JSONValueCodingTests {
    struct Message: Codable, Equatable {
        struct Line: Codable, Equatable {
            let code: String
            let amountFen: Int64
        }

        let id: UUID
        let similarity: Float
        let ratio: Double
        let lines: [Line]
        let note: String?
        let flags: [String: Bool]
        let payload: Data
        let endpoint: URL
        let count: UInt8
    }

    static let message = Message(
        id: UUID(uuidString: "6F1E0C9A-7D3B-4E8A-9C2F-1B5D7E3A9F10")!, similarity: 0.8, ratio: 2.5,
        lines: [.init(code: "A01", amountFen: 12_345), .init(code: "引号\"和\\反斜杠\n", amountFen: -1)],
        note: nil, flags: ["b": true, "a": false], payload: Data([0, 1, 2, 0xFE, 0xFF]),
        endpoint: URL(string: "https://si.sz.example/connector?x=1")!, count: 255)

    @Test("The encoder writes what JSONEncoder writes with sorted keys, and both decoders read it back")
    func matchesFoundation() throws {
        let foundation = JSONEncoder()
        foundation.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let expected = try foundation.encode(Self.message)
        let ours = try JSONValue(encoding: Self.message)
        // Same value: member names, numbers (0.8 stays 0.8), Base64 data, URL string, nil left out.
        #expect(ours == (try JSONValue(parsing: expected)))
        #expect(ours["similarity"] == .number(try JSONNumber(0.8)))
        #expect(ours["note"] == nil)
        #expect(try ours.decoded(as: Message.self) == Self.message)
        #expect(try JSONDecoder().decode(Message.self, from: Data(ours.serialized)) == Self.message)
    }

    @Test("A member encoded twice keeps its last value, as with JSONEncoder; nesting is kept")
    func repeatedMembers() throws {
        #expect(try JSONDecoder().decode(Message.self, from: Data(JSONValue(encoding: Self.message).serialized)) == Self.message)
        let repeated = try JSONValue(encoding: RepeatedMembers()).serialized
        #expect(String(decoding: repeated, as: UTF8.self) == #"{"a":[1,{}],"b":{"c":null},"z":3}"#)
    }

    /// Encodes `z` twice, an empty nested object and an explicit null, out of order.
    struct RepeatedMembers: Encodable {
        struct Name: CodingKey {
            let stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Name.self)
            try container.encode(1, forKey: Name(stringValue: "z"))
            var nested = container.nestedContainer(keyedBy: Name.self, forKey: Name(stringValue: "b"))
            try nested.encodeNil(forKey: Name(stringValue: "c"))
            var list = container.nestedUnkeyedContainer(forKey: Name(stringValue: "a"))
            try list.encode(1)
            _ = list.nestedContainer(keyedBy: Name.self)
            try container.encode(3, forKey: Name(stringValue: "z"))
        }
    }

    struct Scalars: Codable, Equatable {
        let count: Int64
        let name: String
        let flag: Bool
        let small: Int
    }

    @Test("Scalar members of the wrong type are type mismatches at their path, as with JSONDecoder", arguments: [
        (#"{"count":"1","name":"a","flag":true,"small":1}"#, "count"), (#"{"count":1,"name":2,"flag":true,"small":1}"#, "name"),
        (#"{"count":1,"name":"a","flag":1,"small":1}"#, "flag"), (#"{"count":1.5,"name":"a","flag":true,"small":1}"#, "count"),
        (#"{"count":1,"name":"a","flag":true,"small":null}"#, "small"),
    ])
    func scalarMismatch(text: String, member: String) throws {
        let value = try JSONValue(parsing: Array(text.utf8))
        #expect {
            try value.decoded(as: Scalars.self)
        } throws: { error in
            guard case DecodingError.typeMismatch(_, let context) = error else { return false }
            return context.codingPath.map(\.stringValue) == [member]
        }
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Scalars.self, from: Data(text.utf8)) }
    }

    @Test("Scalar members decode as JSONDecoder decodes them; a missing one is keyNotFound")
    func scalarMembers() throws {
        let text = #"{"count":-9007199254740993,"name":"名","flag":false,"small":42}"#
        let expected = Scalars(count: -9_007_199_254_740_993, name: "名", flag: false, small: 42)
        #expect(try JSONValue(parsing: Array(text.utf8)).decoded(as: Scalars.self) == expected)
        #expect(try JSONDecoder().decode(Scalars.self, from: Data(text.utf8)) == expected)
        #expect(String(decoding: try JSONValue(encoding: expected).serialized, as: UTF8.self) == #"{"count":-9007199254740993,"flag":false,"name":"名","small":42}"#)
        #expect {
            try JSONValue(parsing: Array(#"{"count":1,"name":"a","flag":true}"#.utf8)).decoded(as: Scalars.self)
        } throws: { error in
            guard case DecodingError.keyNotFound(let key, _) = error else { return false }
            return key.stringValue == "small"
        }
    }

    @Test("Values JSON cannot hold are encoding errors")
    func unrepresentable() {
        #expect(throws: EncodingError.self) { try JSONValue(encoding: [Double.nan]) }
        #expect(throws: EncodingError.self) { try JSONValue(encoding: [UInt64.max]) }
    }

    @Test("JSONValue itself goes through any coder and comes back the same, integers kept apart from other numbers")
    func valueThroughCoders() throws {
        let value = JSONValue.object([
            "null": .null, "yes": .bool(true), "count": .integer(-42), "ratio": .number(try JSONNumber(2.5)), "name": .string("王建国"),
            "items": .array([.integer(1), .object(["nested": .array([])])]), "empty": .object([:]),
        ])
        let foundation = try JSONEncoder().encode(value)
        #expect(try JSONValue(parsing: foundation) == value)
        #expect(try JSONDecoder().decode(JSONValue.self, from: foundation) == value)
        #expect(try JSONValue(encoding: value) == value)
        #expect(try value.decoded(as: JSONValue.self) == value)
        #expect(try JSONValue(Float(0.8)) == .number(try JSONNumber(0.8)))
        #expect(throws: EncodingError.self) { try JSONValue(Float.infinity) }
    }

    @Test("Numbers with a fraction keep their digits: amounts never pass through a double")
    func numbersKeepTheirText() throws {
        // 16 significant digits (the medical-insurance interface's 16,2) do not all survive a
        // double: 99999999999999.99 reads back as 99999999999999.98 through one.
        for text in ["160.50", "0.10", "-0.01", "99999999999999.99", "12.345678", "1e-2", "2.5E+3", "-0.0"] {
            let value = try JSONValue(parsing: Array("[\(text)]".utf8))
            #expect(value == .array([.number(try #require(JSONNumber(text: text)))]), "\(text)")
            #expect(String(decoding: value.serialized, as: UTF8.self) == "[\(text)]", "\(text)")
        }
        #expect("\(Double("99999999999999.99")!)" != "99999999999999.99")
        #expect(JSONNumber(text: "160.50")?.doubleValue == 160.5)
        // Integers are integers, and nothing but the grammar is a number.
        for text in ["1", "-7", "1.", ".5", "01.5", "1e", "1e999", "NaN", "0x10", " 1.5", "1.5 "] {
            #expect(JSONNumber(text: text) == nil, "\(text)")
        }
        #expect(JSONNumber(text: "1.50") != JSONNumber(text: "1.5"))
        #expect(throws: IDCoreError.self) { try JSONNumber(.infinity) }
        #expect(try JSONNumber(2).text == "2")
    }

    @Test("Strings are escaped only where RFC 8259 requires it")
    func escaping() throws {
        let value = JSONValue.string("a\"b\\c\n\u{01}/é")
        #expect(String(decoding: value.serialized, as: UTF8.self) == #""a\"b\\c\n\u0001/é""#)
        #expect(try JSONValue(parsing: value.serialized) == value)
    }

    @Test("A character that needs escaping is found wherever it falls in a long string")
    func escapingAtEveryPosition() throws {
        let escapes: [(Character, String)] = [("\"", #"\""#), ("\\", #"\\"#), ("\n", #"\n"#), ("\u{00}", #"\u0000"#), ("\u{1F}", #"\u001f"#)]
        for length in 1...20 {
            for position in 0..<length {
                for (character, escaped) in escapes {
                    var plain = Array(repeating: Character("a"), count: length)
                    plain[position] = character
                    let expected = "\"" + String(plain[..<position]) + escaped + String(plain[(position + 1)...]) + "\""
                    #expect(String(decoding: JSONValue.string(String(plain)).serialized, as: UTF8.self) == expected)
                }
                // DEL, bytes above 0x7F and the characters next to those escaped are kept as they are.
                var kept = Array(repeating: Character("a"), count: length)
                kept[position] = ["\u{7F}", "é", "#", "]", " ", "!"][position % 6]
                #expect(String(decoding: JSONValue.string(String(kept)).serialized, as: UTF8.self) == "\"" + String(kept) + "\"")
            }
        }
    }

    @Test("A number too large for any reader is refused; one with many digits that fits is kept")
    func hugeNumbers() throws {
        for (text, expected) in [("9223372036854775807", JSONValue.integer(.max)), ("-9223372036854775808", .integer(.min)), ("-0", .integer(0)),
                                 ("9223372036854775808", .number(try #require(JSONNumber(text: "9223372036854775808")))),
                                 ("-9223372036854775809", .number(try #require(JSONNumber(text: "-9223372036854775809"))))] {
            #expect(try JSONValue(parsing: Array("[\(text)]".utf8)) == .array([expected]), "\(text)")
        }
        let fits = String(repeating: "9", count: 305) + ".5"
        #expect(try JSONValue(parsing: Array("[\(fits)]".utf8)) == .array([.number(try #require(JSONNumber(text: fits)))]))
        #expect(throws: IDCoreError.self) { try JSONValue(parsing: Array("[1\(String(repeating: "0", count: 400))]".utf8)) }
        #expect(throws: IDCoreError.self) { try JSONValue(parsing: Array("[1\(String(repeating: "0", count: 400)).0]".utf8)) }
    }

    @Test("Days since the epoch invert the civil date")
    func daysSinceEpoch() throws {
        for (text, days) in [("1970-01-01", 0), ("1969-12-31", -1), ("2000-03-01", 11_017), ("2026-11-25", 20_782), ("0001-01-01", -719_162)] {
            let date = try CalendarDate(iso8601: text)
            #expect(date.daysSinceEpoch == days, "\(text)")
            #expect(CalendarDate.today(now: Date(timeIntervalSince1970: Double(days) * 86400), in: TimeZone(secondsFromGMT: 0)!) == date)
        }
        // Years beyond four digits only come from absurd clocks; they print whole.
        #expect(CalendarDate.today(now: Date(timeIntervalSince1970: 1e12)).description == "33658-09-27")
        #expect(try CalendarDate(iso8601: "0999-01-02").description == "0999-01-02")
        #expect(String(7, zeroPaddedTo: 3) == "007")
        #expect(String(0xAB, radix: 16, uppercase: true, zeroPaddedTo: 4) == "00AB")
        #expect(String(12_345, zeroPaddedTo: 2) == "12345")
    }
}
