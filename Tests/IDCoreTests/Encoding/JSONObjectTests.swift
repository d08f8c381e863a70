import Foundation
@testable import IDCore
import Testing

@Suite("JSON objects: members in the order of their names, each name once")
struct JSONObjectTests {
    @Test("Members are kept sorted however they arrive, and equal objects are equal whatever the order")
    func order() throws {
        let parsed = try JSONValue(parsing: Array(#"{"b":1,"a":{"z":true,"y":null},"c":"x"}"#.utf8))
        let object = try #require(parsed.objectValue)
        #expect(object.keys == ["a", "b", "c"])
        #expect(String(decoding: parsed.serialized, as: UTF8.self) == #"{"a":{"y":null,"z":true},"b":1,"c":"x"}"#)
        #expect(parsed == .object(["c": .string("x"), "b": .integer(1), "a": .object(["y": .null, "z": .bool(true)])]))
        #expect(parsed.hashValue == JSONValue.object(["a": .object(["z": .bool(true), "y": .null]), "c": .string("x"), "b": .integer(1)]).hashValue)
        #expect(JSONObject(["q": .integer(1), "p": .integer(2)]).keys == ["p", "q"])
    }

    @Test("A name given twice is an error when parsed, spelled the same or only canonically the same")
    func repeatedNames() {
        for text in [#"{"a":1,"b":2,"a":3}"#, #"{"b":1,"a":2,"b":3}"#, "{\"\u{E9}\":1,\"e\u{301}\":2}"] {
            #expect(throws: IDCoreError.self, "\(text)") { try JSONValue(parsing: Array(text.utf8)) }
        }
    }

    @Test("Built from pairs, the last value of a name is kept, as JSONEncoder keeps it")
    func keepingLast() {
        let object = JSONObject(keepingLast: [("b", .integer(1)), ("a", .integer(2)), ("b", .integer(3))])
        #expect(object.keys == ["a", "b"] && object["b"] == .integer(3))
        let literal: JSONObject = ["x": .integer(1), "x": .integer(2)]
        #expect(literal.count == 1 && literal["x"] == .integer(2))
    }

    @Test("Setting, replacing and removing a member keeps the order")
    func mutation() {
        var object: JSONObject = ["m": .integer(1)]
        object["a"] = .integer(2)
        object["z"] = .integer(3)
        #expect(object.updateValue(.integer(4), forKey: "m") == .integer(1))
        #expect(object.keys == ["a", "m", "z"] && object["m"] == .integer(4))
        object["a"] = nil
        #expect(object.removeValue(forKey: "z") == .integer(3) && object.removeValue(forKey: "nothing") == nil)
        #expect(object.keys == ["m"])
        #expect(object.addNewMembers([("b", .null), ("m", .null)]) == "m" && object.keys == ["m"])
        #expect(object.addNewMembers([("b", .null), ("c", .null)]) == nil && object.keys == ["b", "c", "m"])
    }

    @Test("A large object in reverse order is sorted once, not member by member")
    func largeReversedObject() throws {
        let count = 100_000
        let text = "{" + (0..<count).reversed().map { #""k\#(String($0, radix: 36))":\#($0)"# }.joined(separator: ",") + "}"
        let object = try #require(try JSONValue(parsing: Array(text.utf8)).objectValue)
        #expect(object.count == count && object["k0"] == .integer(0) && object["k\(String(count - 1, radix: 36))"] == .integer(Int64(count - 1)))
        #expect(zip(object.keys, object.keys.dropFirst()).allSatisfy { $0 < $1 })
    }

    @Test("An object goes through JSONEncoder and JSONDecoder and comes back the same")
    func codable() throws {
        let value = JSONValue.object(["b": .array([.integer(1), .string("x")]), "a": .object(["c": .bool(false)])])
        #expect(try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(value)) == value)
        #expect(JSONObject(value.objectValue!.dictionary) == value.objectValue)
    }
}
