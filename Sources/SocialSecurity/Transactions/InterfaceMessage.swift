import Foundation
import IDCore

/// An `input` or `output` of the national interface, as the JSON object the envelope carries:
/// what a caller that builds its own envelopes (``ConnectorSession/envelope(_:input:insuredArea:messageID:)``)
/// puts in `input`.
public protocol InterfaceBody: Sendable {
    /// The message as the interface's JSON object.
    var json: JSONValue { get }
}

/// An `input` or `output` of the national interface, mapped to its JSON members by hand.
///
/// Every round trip encodes and decodes two of them between four signature operations. Through
/// `Codable`'s generic, existential containers that work cost a quarter of an ES256 round trip;
/// read from and written to `JSONValue` directly it costs a fraction (Documentation/
/// Performance.md). The mapping is a message's only wire form: its `Codable` conformance goes
/// through it too, so a journal or an audit store written with `JSONEncoder` holds the same
/// members as the wire.
package protocol InterfaceMessage: InterfaceBody, Codable {
    /// Reads the message from its JSON object.
    init(json: JSONObjectReader) throws
}

extension InterfaceMessage {
    public init(from decoder: any Decoder) throws {
        try self.init(json: JSONObjectReader(JSONValue(from: decoder), codingPath: decoder.codingPath))
    }

    public func encode(to encoder: any Encoder) throws {
        try json.encode(to: encoder)
    }

    /// Reads the message from a JSON value, which must be an object.
    package init(jsonValue: JSONValue) throws {
        try self.init(json: JSONObjectReader(jsonValue))
    }
}

/// An answer with nothing in it (2202, 2203, 2205, 2601): the platform writes `{}` or `null`,
/// and either is read.
public struct EmptyOutput: InterfaceMessage, Hashable {
    /// The empty answer.
    public init() {}

    package init(json: JSONObjectReader) throws {}

    /// The message as the interface's JSON object.
    public var json: JSONValue { .object([:]) }
}

// The members of the national interface that have types of their own. Platforms write absent
// optional members as `null`, as `""` or not at all; all three read as absent.
extension JSONObjectReader {
    /// An optional string member; `""` and `null` are absent.
    func text(_ name: String) throws -> String? {
        guard let value = try optionalString(name), !value.isEmpty else { return nil }
        return value
    }

    /// A member that is neither absent, `null` nor `""`. Matched, not compared: comparing with
    /// `.null` goes through `JSONValue`'s `==` for every optional member of every answer.
    func presentMember(_ name: String) -> JSONValue? {
        switch member(name) {
        case nil, .null?, .string("")?: nil
        case let value?: value
        }
    }

    /// A required string member that may not be empty.
    func requiredText(_ name: String) throws -> String {
        guard let value = try text(name) else { throw ConnectorError(.malformedRequest, "'\(name)' is required and may not be empty.") }
        return value
    }

    /// A required object member, or `null`/absent when `read` is optional.
    func optionalObject<Value>(_ name: String, _ read: (JSONObjectReader) throws -> Value) throws -> Value? {
        guard presentMember(name) != nil else { return nil }
        return try object(name, read)
    }

    /// An array of objects; absent or `null` is empty, and a single object (which some
    /// platforms write for a one-element list) is a list of one.
    func list<Value>(_ name: String, _ read: (JSONObjectReader) throws -> Value) throws -> [Value] {
        guard let member = presentMember(name) else { return [] }
        if case .object = member { return [try object(name, read)] }
        return try objectReaders(name).map(read)
    }

    /// A whole number, written as a JSON integer or, by some platforms, as a string of digits.
    func wholeNumber(_ name: String) throws -> Int {
        let number: Int? = switch try value(name) {
        case .integer(let value): Int(exactly: value)
        case .string(let text): Int(text)
        default: nil
        }
        guard let number else { throw ConnectorError(.malformedRequest, "'\(name)' must be a whole number.") }
        return number
    }

    func yuan(_ name: String) throws -> Yuan { try Yuan(json: value(name), member: name) }

    func optionalYuan(_ name: String) throws -> Yuan? {
        guard let member = presentMember(name) else { return nil }
        return try Yuan(json: member, member: name)
    }

    func quantity(_ name: String) throws -> FeeQuantity { try FeeQuantity(json: value(name), member: name) }

    func unitPrice(_ name: String) throws -> UnitPrice { try UnitPrice(json: value(name), member: name) }

    func optionalProportion(_ name: String) throws -> Proportion? {
        guard let member = presentMember(name) else { return nil }
        return try Proportion(json: member, member: name)
    }

    func code<List: InterfaceCodeList>(_ name: String, as list: List.Type = List.self) throws -> InterfaceCode<List> {
        try InterfaceCode(requiredText(name))
    }

    func optionalCode<List: InterfaceCodeList>(_ name: String, as list: List.Type = List.self) throws -> InterfaceCode<List>? {
        try text(name).map(InterfaceCode.init)
    }

    func area(_ name: String) throws -> InsuranceArea { try InsuranceArea(requiredText(name)) }

    func dateTime(_ name: String) throws -> Date { try ChinaTime.parseInterfaceDateTime(requiredText(name), member: name) }

    func optionalDateTime(_ name: String) throws -> Date? {
        try text(name).map { try ChinaTime.parseInterfaceDateTime($0, member: name) }
    }

    func date(_ name: String) throws -> CalendarDate { try value(name, as: CalendarDate.self) }

    func optionalDate(_ name: String) throws -> CalendarDate? { try text(name).map(CalendarDate.init(iso8601:)) }

    func messageID(_ name: String) throws -> MessageID { try MessageID(requiredText(name)) }

    func transaction(_ name: String) throws -> InterfaceTransaction {
        let code = try requiredText(name)
        guard let transaction = InterfaceTransaction(rawValue: code) else {
            throw ConnectorError(.malformedRequest, "'\(name)' \(code.prefix(8)) is not a transaction of this interface.")
        }
        return transaction
    }

    /// `"1"` or `"0"`, the interface's flags (标志).
    func flag(_ name: String) throws -> Bool {
        switch try text(name) {
        case "1": true
        case "0", nil: false
        case let other?: throw ConnectorError(.malformedRequest, "'\(name)' is a flag, \"0\" or \"1\", not '\(other.prefix(8))'.")
        }
    }
}

/// Builds a JSON object, leaving out members whose value is absent.
struct JSONMembers {
    private var members: [JSONObject.Element] = []

    init(capacity: Int = 16) {
        members.reserveCapacity(capacity)
    }

    /// Members listed with their values, nil for an absent optional member.
    init(_ listed: KeyValuePairs<String, JSONValue?>) {
        members.reserveCapacity(listed.count)
        for (name, value) in listed {
            if let value { members.append((key: name, value: value)) }
        }
    }

    /// A member's value; setting nil leaves an absent optional member out.
    subscript(name: String) -> JSONValue? {
        get { members.last { $0.key == name }?.value }
        set { if let newValue { members.append((key: name, value: newValue)) } }
    }

    /// The object, sorted once for all its members.
    var object: JSONValue { .object(JSONObject(keepingLast: members)) }
}

extension Bool {
    /// The interface's flag: `"1"` or `"0"`.
    var flagJSON: JSONValue { .string(self ? "1" : "0") }
}

extension Date {
    /// The interface's 日期时间型: `"2026-11-25 20:00:00"` in China Standard Time.
    var interfaceJSON: JSONValue { .string(ChinaTime(self).interfaceDateTime) }
}
