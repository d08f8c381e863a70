/// Reads the members of a parsed JSON object by name, for types that map themselves to JSON by
/// hand instead of through `Decodable`.
///
/// The connector decodes two bodies in every round trip; through `Decodable`'s generic,
/// existential containers that was the largest cost of a round trip beside its signatures. A
/// member read here is a dictionary lookup and a type check.
///
/// Errors are `DecodingError`s whose coding path names the member, as `JSONDecoder`'s are;
/// values that check themselves (an identity number, a date) throw their own errors. Members
/// the type does not read are ignored, as by a synthesised `Decodable`.
package struct JSONObjectReader {
    private let members: JSONObject
    /// The coding path of the object's parent and the object's own key in it, joined only when
    /// an error needs them: a nested reader is made for every record of every answer, and
    /// joining the path up front cost an array for each.
    private let parentPath: [any CodingKey]
    private let key: PathKey

    /// The reader's own place in its parent: a plain enumeration, not an existential, so that
    /// making and dropping a reader for every record costs no boxing.
    private enum PathKey {
        case none
        case member(String)
        case element(Int)

        var codingKey: (any CodingKey)? {
            switch self {
            case .none: nil
            case .member(let name): MemberName(name)
            case .element(let index): JSONElementIndex(intValue: index)
            }
        }
    }

    private var codingPath: [any CodingKey] { key.codingKey.map { parentPath + [$0] } ?? parentPath }

    /// Refuses anything but an object.
    package init(_ value: JSONValue, codingPath: [any CodingKey] = []) throws {
        try self.init(value, parentPath: codingPath, key: .none)
    }

    private init(_ value: JSONValue, parentPath: [any CodingKey], key: PathKey) throws {
        guard case .object(let members) = value else {
            let codingPath = key.codingKey.map { parentPath + [$0] } ?? parentPath
            throw DecodingError.typeMismatch(JSONObject.self, .init(codingPath: codingPath, debugDescription: "Expected an object, found \(value.kindName)."))
        }
        self.members = members
        self.parentPath = parentPath
        self.key = key
    }

    /// A member of any JSON type, or nil when absent: for optional members, without building
    /// the error a missing required member gets.
    package func member(_ name: String) -> JSONValue? { members[name] }

    /// A member of any JSON type.
    package func value(_ name: String) throws -> JSONValue {
        guard let value = members[name] else {
            throw DecodingError.keyNotFound(MemberName(name), .init(codingPath: codingPath, debugDescription: "No member '\(name)'."))
        }
        return value
    }

    /// A string member.
    package func string(_ name: String) throws -> String {
        guard case .string(let text) = try value(name) else { throw mismatch(String.self, name) }
        return text
    }

    /// A string member that may be missing or `null`.
    package func optionalString(_ name: String) throws -> String? {
        switch members[name] {
        case nil, .null?: return nil
        case .string(let text)?: return text
        default: throw mismatch(String.self, name)
        }
    }

    /// A `true` or `false` member.
    package func bool(_ name: String) throws -> Bool {
        guard case .bool(let flag) = try value(name) else { throw mismatch(Bool.self, name) }
        return flag
    }

    /// An integer member; `1.5` or `1e2` is not an integer.
    package func integer(_ name: String) throws -> Int64 {
        guard case .integer(let number) = try value(name) else { throw mismatch(Int64.self, name) }
        return number
    }

    /// An integer member that fits `Int`.
    package func int(_ name: String) throws -> Int {
        guard case .integer(let number) = try value(name), let exact = Int(exactly: number) else { throw mismatch(Int.self, name) }
        return exact
    }

    /// Any number member.
    package func number(_ name: String) throws -> Double {
        switch try value(name) {
        case .integer(let number): Double(number)
        case .number(let number): number.doubleValue
        default: throw mismatch(Double.self, name)
        }
    }

    /// A value carried as a string, checked by its own initialiser.
    package func value<Value: JSONStringValue>(_ name: String, as type: Value.Type = Value.self) throws -> Value {
        try Value(jsonString: string(name))
    }

    /// One of an enumeration's string cases.
    package func value<Value: RawRepresentable<String>>(_ name: String, as type: Value.Type = Value.self) throws -> Value {
        let text = try string(name)
        guard let value = Value(rawValue: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: path(to: name), debugDescription: "'\(text)' is not a \(Value.self)."))
        }
        return value
    }

    /// A nested object, read by `read`.
    package func object<Value>(_ name: String, _ read: (JSONObjectReader) throws -> Value) throws -> Value {
        try read(JSONObjectReader(value(name), parentPath: codingPath, key: .member(name)))
    }

    /// An array of objects, each read by `read`.
    package func objects<Value>(_ name: String, _ read: (JSONObjectReader) throws -> Value) throws -> [Value] {
        try objectReaders(name).map(read)
    }

    /// A reader for each object of an array member. Not generic, so that the caller's `map`
    /// over them is specialised in the caller's module rather than run through metadata here.
    package func objectReaders(_ name: String) throws -> [JSONObjectReader] {
        let elements = try elements(name)
        let arrayPath = path(to: name)
        var readers: [JSONObjectReader] = []
        readers.reserveCapacity(elements.count)
        for (index, element) in elements.enumerated() {
            readers.append(try JSONObjectReader(element, parentPath: arrayPath, key: .element(index)))
        }
        return readers
    }

    /// An array of strings, each turned into a value by `make`.
    package func strings<Value>(_ name: String, _ make: (String) throws -> Value?) throws -> [Value] {
        let arrayPath = path(to: name)
        return try elements(name).enumerated().map { index, element in
            guard case .string(let text) = element, let value = try make(text) else {
                throw DecodingError.dataCorrupted(.init(codingPath: arrayPath + [JSONElementIndex(intValue: index)], debugDescription: "Expected a \(Value.self), found \(element.kindName)."))
            }
            return value
        }
    }

    private func elements(_ name: String) throws -> [JSONValue] {
        guard case .array(let elements) = try value(name) else { throw mismatch([JSONValue].self, name) }
        return elements
    }

    private func path(to name: String) -> [any CodingKey] { codingPath + [MemberName(name)] }

    private func mismatch(_ type: Any.Type, _ name: String) -> DecodingError {
        .typeMismatch(type, .init(codingPath: path(to: name), debugDescription: "Expected \(type), found \((members[name] ?? .null).kindName)."))
    }

    /// The coding-path key of an object member.
    private struct MemberName: CodingKey {
        let stringValue: String
        var intValue: Int? { nil }
        init(_ name: String) { stringValue = name }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
