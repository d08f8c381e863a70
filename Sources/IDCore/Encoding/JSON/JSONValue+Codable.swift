/// Any JSON value through any coder: what lets a type whose JSON is mapped by hand (through
/// ``JSONObjectReader``) still offer `Codable` to `JSONEncoder`, `JSONDecoder` and others, with
/// the same members.
extension JSONValue: Codable {
    public init(from decoder: any Decoder) throws {
        // Already parsed: taken as it is instead of being rebuilt member by member.
        if let parsed = decoder as? JSONValueDecoder {
            self = parsed.value
            return
        }
        // A generic decoder cannot say what it holds, so each kind is tried in turn; strings
        // and integers, the commonest members, first, and integers before other numbers so
        // that they stay integers.
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let text = try? container.decode(String.self) {
            self = .string(text)
        } else if let integer = try? container.decode(Int64.self) {
            self = .integer(integer)
        } else if let number = try? container.decode(Double.self) {
            self = .number(try JSONNumber(number))
        } else if let flag = try? container.decode(Bool.self) {
            self = .bool(flag)
        } else if let members = try? container.decode([String: JSONValue].self) {
            self = .object(JSONObject(members))
        } else {
            self = .array(try container.decode([JSONValue].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let flag): try container.encode(flag)
        case .integer(let integer): try container.encode(integer)
        case .number(let number): try container.encode(number.doubleValue)
        case .string(let text): try container.encode(text)
        case .array(let elements): try container.encode(elements)
        case .object(let members): try container.encode(members.dictionary)
        }
    }
}
