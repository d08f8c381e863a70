import Foundation

/// Encodes `Encodable` values straight into a ``JSONValue``, the mirror of ``JSONValueDecoder``:
/// issuers encode every credential's claims, and `JSONEncoder` followed by a parse costs several
/// times the work.
///
/// The output matches `JSONEncoder` with its default strategies where the types of this package
/// meet them: `Data` as standard Base64, `URL` as its absolute string, `Float` by its own
/// shortest form (`0.8`, not `0.800000011920929`), nil optionals left out.
enum JSONValueEncoder {
    static func encode(_ value: some Encodable) throws -> JSONValue {
        try encodeNode(value, parentPath: [], key: nil).value
    }

    /// The coding path travels as the parent's path and the key, joined only when a container
    /// asks for it: an array built for every member would cost more than the encoding.
    fileprivate static func encodeNode<Value: Encodable>(_ value: Value, parentPath: [any CodingKey], key: (any CodingKey)?) throws -> Node {
        // Compared by type first, so that every other value is spared a dynamic cast.
        if Value.self == Data.self, let data = value as? Data { return Node(.value(.string(data.base64EncodedString()))) }
        if Value.self == URL.self, let url = value as? URL { return Node(.value(.string(url.absoluteString))) }
        let node = Node()
        try value.encode(to: NodeEncoder(node: node, parentPath: parentPath, key: key))
        return node
    }
}

/// What one `encode(to:)` call has written so far. A class, because containers handed out by
/// an encoder keep writing into it after the call that created them has returned.
///
/// Object members are kept in the order they were encoded, not hashed: the tree is turned into
/// a ``JSONValue`` once, at the end, and a member encoded twice keeps its last value then, as
/// with `JSONEncoder`.
private final class Node {
    enum Content {
        case empty
        case value(JSONValue)
        case object([(name: String, node: Node)])
        case array([Node])
    }

    var content: Content

    init(_ content: Content = .empty) {
        self.content = content
    }

    /// `JSONEncoder` writes `{}` for a value that encoded nothing.
    var value: JSONValue {
        switch content {
        case .empty: .object(JSONObject())
        case .value(let value): value
        case .object(let members): .object(JSONObject(keepingLast: members.map { (key: $0.name, value: $0.node.value) }))
        case .array(let elements): .array(elements.map(\.value))
        }
    }

    // Both take the collection out of `content` before changing it, so that it stays uniquely
    // referenced and grows in place instead of being copied for every member.
    @discardableResult
    func appendMember(_ name: String, _ node: Node = Node()) -> Node {
        var members: [(name: String, node: Node)] = []
        if case .object(let existing) = content {
            members = existing
            content = .empty
        }
        members.append((name, node))
        content = .object(members)
        return node
    }

    @discardableResult
    func appendElement(_ node: Node = Node()) -> Node {
        var elements: [Node] = []
        if case .array(let existing) = content {
            elements = existing
            content = .empty
        }
        elements.append(node)
        content = .array(elements)
        return node
    }

    var elementCount: Int {
        if case .array(let elements) = content { return elements.count }
        return 0
    }

    func becomeObject() {
        if case .object = content { return }
        var members: [(name: String, node: Node)] = []
        members.reserveCapacity(8)
        content = .object(members)
    }

    func becomeArray() {
        if case .array = content { return }
        content = .array([])
    }
}

private struct NodeEncoder: Encoder {
    let node: Node
    let parentPath: [any CodingKey]
    var key: (any CodingKey)? = nil
    var codingPath: [any CodingKey] { key.map { parentPath + [$0] } ?? parentPath }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        node.becomeObject()
        return KeyedEncodingContainer(KeyedContainer<Key>(node: node, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        node.becomeArray()
        return UnkeyedContainer(node: node, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { SingleValueContainer(encoder: self) }
}

private struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: Node
    let codingPath: [any CodingKey]

    mutating func encodeNil(forKey key: Key) { node.appendMember(key.stringValue, Node(.value(.null))) }

    mutating func encode(_ value: some Encodable, forKey key: Key) throws {
        node.appendMember(key.stringValue, try JSONValueEncoder.encodeNode(value, parentPath: codingPath, key: key))
    }

    // The commonest members become leaves here: through `encode(to:)` each would cost a
    // nested encoder and a boxed single-value container.
    mutating func encode(_ value: String, forKey key: Key) { node.appendMember(key.stringValue, Node(.value(.string(value)))) }
    mutating func encode(_ value: Bool, forKey key: Key) { node.appendMember(key.stringValue, Node(.value(.bool(value)))) }
    mutating func encode(_ value: Int, forKey key: Key) { node.appendMember(key.stringValue, Node(.value(.integer(Int64(value))))) }
    mutating func encode(_ value: Int64, forKey key: Key) { node.appendMember(key.stringValue, Node(.value(.integer(value)))) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        NodeEncoder(node: node.appendMember(key.stringValue), parentPath: codingPath, key: key).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        NodeEncoder(node: node.appendMember(key.stringValue), parentPath: codingPath, key: key).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder { NodeEncoder(node: node.appendMember("super"), parentPath: codingPath) }

    mutating func superEncoder(forKey key: Key) -> any Encoder { NodeEncoder(node: node.appendMember(key.stringValue), parentPath: codingPath, key: key) }
}

private struct UnkeyedContainer: UnkeyedEncodingContainer {
    let node: Node
    let codingPath: [any CodingKey]
    var count: Int { node.elementCount }

    mutating func encodeNil() { node.appendElement(Node(.value(.null))) }

    mutating func encode(_ value: some Encodable) throws {
        let index = JSONElementIndex(intValue: count)
        node.appendElement(try JSONValueEncoder.encodeNode(value, parentPath: codingPath, key: index))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let index = JSONElementIndex(intValue: count)
        return NodeEncoder(node: node.appendElement(), parentPath: codingPath, key: index).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let index = JSONElementIndex(intValue: count)
        return NodeEncoder(node: node.appendElement(), parentPath: codingPath, key: index).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        let index = JSONElementIndex(intValue: count)
        return NodeEncoder(node: node.appendElement(), parentPath: codingPath, key: index)
    }
}

private struct SingleValueContainer: SingleValueEncodingContainer {
    let encoder: NodeEncoder
    var node: Node { encoder.node }
    var codingPath: [any CodingKey] { encoder.codingPath }

    mutating func encodeNil() { node.content = .value(.null) }
    mutating func encode(_ value: Bool) { node.content = .value(.bool(value)) }
    mutating func encode(_ value: String) { node.content = .value(.string(value)) }
    mutating func encode(_ value: Double) throws { node.content = .value(try number(value)) }
    mutating func encode(_ value: Float) throws {
        guard value.isFinite else {
            throw EncodingError.invalidValue(value, .init(codingPath: codingPath, debugDescription: "JSON has no form for \(value)."))
        }
        node.content = .value(try JSONValue(value))
    }
    mutating func encode(_ value: Int) { node.content = .value(.integer(Int64(value))) }
    mutating func encode(_ value: Int8) { node.content = .value(.integer(Int64(value))) }
    mutating func encode(_ value: Int16) { node.content = .value(.integer(Int64(value))) }
    mutating func encode(_ value: Int32) { node.content = .value(.integer(Int64(value))) }
    mutating func encode(_ value: Int64) { node.content = .value(.integer(value)) }
    mutating func encode(_ value: UInt) throws { node.content = .value(try integer(value)) }
    mutating func encode(_ value: UInt8) { node.content = .value(.integer(Int64(value))) }
    mutating func encode(_ value: UInt16) { node.content = .value(.integer(Int64(value))) }
    mutating func encode(_ value: UInt32) { node.content = .value(.integer(Int64(value))) }
    mutating func encode(_ value: UInt64) throws { node.content = .value(try integer(value)) }

    mutating func encode(_ value: some Encodable) throws {
        node.content = try JSONValueEncoder.encodeNode(value, parentPath: codingPath, key: nil).content
    }

    private func number(_ value: Double) throws -> JSONValue {
        guard value.isFinite else {
            throw EncodingError.invalidValue(value, .init(codingPath: codingPath, debugDescription: "JSON has no form for \(value)."))
        }
        return .number(try JSONNumber(value))
    }

    private func integer(_ value: some FixedWidthInteger) throws -> JSONValue {
        guard let exact = Int64(exactly: value) else {
            throw EncodingError.invalidValue(value, .init(codingPath: codingPath, debugDescription: "\(value) does not fit a 64-bit JSON integer."))
        }
        return .integer(exact)
    }
}
