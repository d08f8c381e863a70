import Foundation

/// A JSON value as credentials carry it: parsed strictly by ``init(parsing:)`` and written
/// compactly with sorted member names by ``serialized``.
///
/// Integers stay integers (`iat`, status list indexes) and are kept apart from other numbers, so
/// a value read and written again keeps its form.
public enum JSONValue: Sendable, Hashable, CustomStringConvertible {
    /// JSON `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A number without fraction or exponent that fits 64 bits.
    case integer(Int64)
    /// Any other number, kept as written.
    case number(JSONNumber)
    /// A string.
    case string(String)
    /// An array.
    case array([JSONValue])
    /// An object; its members are kept in the order of their names.
    case object(JSONObject)

    /// The string, if this is one.
    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The integer, if this is one.
    public var integerValue: Int64? {
        if case .integer(let value) = self { return value }
        return nil
    }

    /// The members, if this is an object.
    public var objectValue: JSONObject? {
        if case .object(let value) = self { return value }
        return nil
    }

    /// The elements, if this is an array.
    public var arrayValue: [JSONValue]? {
        if case .array(let value) = self { return value }
        return nil
    }

    /// A member of an object, or nil.
    public subscript(member: String) -> JSONValue? {
        objectValue?[member]
    }

    /// Compact JSON with sorted member names.
    public var description: String { String(decoding: serialized, as: UTF8.self) }
}

extension JSONValue {
    /// The JSON form of any `Encodable` value.
    package init(encoding value: some Encodable) throws {
        self = try JSONValueEncoder.encode(value)
    }

    /// Decodes a `Decodable` type from this value, with `userInfo` for the types decoded.
    package func decoded<Value: Decodable>(as type: Value.Type, userInfo: [CodingUserInfoKey: Any] = [:]) throws -> Value {
        try Value(from: JSONValueDecoder(self, userInfo: userInfo))
    }
}

extension JSONValue {
    /// A `Float` as it is written, 0.8 and not its widened double; JSON has no form for
    /// infinities or NaN.
    package init(_ value: Float) throws {
        guard value.isFinite else {
            throw EncodingError.invalidValue(value, .init(codingPath: [], debugDescription: "JSON has no form for \(value)."))
        }
        // Through the float's own shortest decimal form: `0.8` stays 0.8 instead of becoming
        // the widened double 0.800000011920929.
        self = .number(try JSONNumber(Double(value.description) ?? Double(value)))
    }
}

extension JSONValue {
    /// What kind of value this is, for error messages: naming the kind instead of printing the
    /// value keeps identity numbers and biometric templates out of messages that may be logged.
    package var kindName: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .integer: "an integer"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}
