import Foundation

/// Decodes `Decodable` types straight from a parsed ``JSONValue``, without serialising it and
/// parsing it again through `JSONDecoder`: a verifier decodes the typed claims of every
/// presentation it accepts.
///
/// Errors are `DecodingError`s, as from `JSONDecoder`, unless the type's own initialiser throws.
struct JSONValueDecoder: Decoder {
    let value: JSONValue
    // The path is kept as the parent's path and this key, and joined only when asked for: most
    // values are leaves whose path is never read, and an array per member would cost more than
    // the decoding.
    private let parentPath: [any CodingKey]
    private let key: (any CodingKey)?
    var codingPath: [any CodingKey] { key.map { parentPath + [$0] } ?? parentPath }
    /// What the caller passes to the types decoded, such as ``Foundation/CodingUserInfoKey/referenceDate``.
    let userInfo: [CodingUserInfoKey: Any]

    init(_ value: JSONValue, parentPath: [any CodingKey] = [], key: (any CodingKey)? = nil, userInfo: [CodingUserInfoKey: Any] = [:]) {
        self.value = value
        self.parentPath = parentPath
        self.key = key
        self.userInfo = userInfo
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard let members = value.objectValue else { throw mismatch(JSONObject.self) }
        return KeyedDecodingContainer(KeyedContainer<Key>(members: members, codingPath: codingPath, userInfo: userInfo))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard let elements = value.arrayValue else { throw mismatch([JSONValue].self) }
        return UnkeyedContainer(elements: elements, codingPath: codingPath, userInfo: userInfo)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { SingleValueContainer(decoder: self) }

    func mismatch(_ type: Any.Type) -> DecodingError {
        .typeMismatch(type, .init(codingPath: codingPath, debugDescription: "Expected \(type), found \(value.kindName)."))
    }

    private struct KeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
        let members: JSONObject
        let codingPath: [any CodingKey]
        let userInfo: [CodingUserInfoKey: Any]

        var allKeys: [Key] { members.keys.compactMap(Key.init(stringValue:)) }

        func contains(_ key: Key) -> Bool { members[key.stringValue] != nil }

        func decodeNil(forKey key: Key) throws -> Bool { members[key.stringValue] == .null }

        func decode<Value: Decodable>(_ type: Value.Type, forKey key: Key) throws -> Value {
            try JSONValueDecoder(member(key), parentPath: codingPath, key: key, userInfo: userInfo).decodeValue(type)
        }

        // The commonest members are read here: through `init(from:)` each would cost a nested
        // decoder and a boxed single-value container.
        func decode(_ type: String.Type, forKey key: Key) throws -> String {
            guard case .string(let value) = try member(key) else { throw mismatch(type, key) }
            return value
        }

        func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool {
            guard case .bool(let value) = try member(key) else { throw mismatch(type, key) }
            return value
        }

        func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 {
            guard case .integer(let value) = try member(key) else { throw mismatch(type, key) }
            return value
        }

        func decode(_ type: Int.Type, forKey key: Key) throws -> Int {
            guard case .integer(let value) = try member(key), let exact = Int(exactly: value) else { throw mismatch(type, key) }
            return exact
        }

        private func member(_ key: Key) throws -> JSONValue {
            guard let member = members[key.stringValue] else {
                throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "No member '\(key.stringValue)'."))
            }
            return member
        }

        private func mismatch(_ type: Any.Type, _ key: Key) -> DecodingError {
            JSONValueDecoder(members[key.stringValue] ?? .null, parentPath: codingPath, key: key, userInfo: userInfo).mismatch(type)
        }

        func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
            try JSONValueDecoder(members[key.stringValue] ?? .null, parentPath: codingPath, key: key, userInfo: userInfo).container(keyedBy: type)
        }

        func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
            try JSONValueDecoder(members[key.stringValue] ?? .null, parentPath: codingPath, key: key, userInfo: userInfo).unkeyedContainer()
        }

        func superDecoder() throws -> any Decoder { JSONValueDecoder(.object(members), parentPath: codingPath, userInfo: userInfo) }

        func superDecoder(forKey key: Key) throws -> any Decoder {
            JSONValueDecoder(members[key.stringValue] ?? .null, parentPath: codingPath, key: key, userInfo: userInfo)
        }
    }

    private struct UnkeyedContainer: UnkeyedDecodingContainer {
        let elements: [JSONValue]
        let codingPath: [any CodingKey]
        let userInfo: [CodingUserInfoKey: Any]
        var currentIndex = 0

        var count: Int? { elements.count }
        var isAtEnd: Bool { currentIndex >= elements.count }

        mutating func decodeNil() throws -> Bool {
            guard !isAtEnd, elements[currentIndex] == .null else { return false }
            currentIndex += 1
            return true
        }

        mutating func decode<Value: Decodable>(_ type: Value.Type) throws -> Value {
            let decoder = try nextDecoder()
            currentIndex += 1
            return try decoder.decodeValue(type)
        }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
            let decoder = try nextDecoder()
            currentIndex += 1
            return try decoder.container(keyedBy: type)
        }

        mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
            let decoder = try nextDecoder()
            currentIndex += 1
            return try decoder.unkeyedContainer()
        }

        mutating func superDecoder() throws -> any Decoder {
            let decoder = try nextDecoder()
            currentIndex += 1
            return decoder
        }

        private func nextDecoder() throws -> JSONValueDecoder {
            guard !isAtEnd else {
                throw DecodingError.valueNotFound(JSONValue.self, .init(codingPath: codingPath, debugDescription: "The array has no more elements."))
            }
            return JSONValueDecoder(elements[currentIndex], parentPath: codingPath, key: JSONElementIndex(intValue: currentIndex), userInfo: userInfo)
        }
    }

    private struct SingleValueContainer: SingleValueDecodingContainer {
        let decoder: JSONValueDecoder
        var codingPath: [any CodingKey] { decoder.codingPath }

        func decodeNil() -> Bool { decoder.value == .null }

        func decode(_ type: Bool.Type) throws -> Bool {
            guard case .bool(let value) = decoder.value else { throw decoder.mismatch(type) }
            return value
        }

        func decode(_ type: String.Type) throws -> String {
            guard let value = decoder.value.stringValue else { throw decoder.mismatch(type) }
            return value
        }

        func decode(_ type: Double.Type) throws -> Double {
            switch decoder.value {
            case .integer(let value): return Double(value)
            case .number(let value): return value.doubleValue
            default: throw decoder.mismatch(type)
            }
        }

        func decode(_ type: Float.Type) throws -> Float { Float(try decode(Double.self)) }

        func decode(_ type: Int.Type) throws -> Int { try decode(integer: type) }
        func decode(_ type: Int8.Type) throws -> Int8 { try decode(integer: type) }
        func decode(_ type: Int16.Type) throws -> Int16 { try decode(integer: type) }
        func decode(_ type: Int32.Type) throws -> Int32 { try decode(integer: type) }
        func decode(_ type: Int64.Type) throws -> Int64 { try decode(integer: type) }
        func decode(_ type: UInt.Type) throws -> UInt { try decode(integer: type) }
        func decode(_ type: UInt8.Type) throws -> UInt8 { try decode(integer: type) }
        func decode(_ type: UInt16.Type) throws -> UInt16 { try decode(integer: type) }
        func decode(_ type: UInt32.Type) throws -> UInt32 { try decode(integer: type) }
        func decode(_ type: UInt64.Type) throws -> UInt64 { try decode(integer: type) }

        func decode<Value: Decodable>(_ type: Value.Type) throws -> Value { try decoder.decodeValue(type) }

        private func decode<Integer: FixedWidthInteger>(integer type: Integer.Type) throws -> Integer {
            guard let value = decoder.value.integerValue, let exact = Integer(exactly: value) else { throw decoder.mismatch(type) }
            return exact
        }
    }

    /// `Data` as standard Base64 and `URL` as a string, as `JSONDecoder` reads them by default.
    fileprivate func decodeValue<Value: Decodable>(_ type: Value.Type) throws -> Value {
        if type == Data.self {
            guard let text = value.stringValue, let data = Data(base64Encoded: text) else { throw mismatch(type) }
            return data as! Value
        }
        if type == URL.self {
            guard let text = value.stringValue, let url = URL(string: text) else { throw mismatch(type) }
            return url as! Value
        }
        return try Value(from: self)
    }
}

/// The coding-path key of an array element, for both directions.
struct JSONElementIndex: CodingKey {
    let intValue: Int?
    var stringValue: String { "\(intValue ?? 0)" }
    init(intValue: Int) { self.intValue = intValue }
    init?(stringValue: String) { nil }
}
