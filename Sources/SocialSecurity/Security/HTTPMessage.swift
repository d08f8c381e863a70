import Foundation

/// An HTTP request as the connector protocol sees it: what a platform's HTTP server hands to
/// ``BureauGateway`` and what a transport sends.
public struct ConnectorHTTPRequest: Sendable, Hashable {
    /// The HTTP method: `POST` for every transaction.
    public var method: String
    /// The path without the query, exactly as received: the signature covers it.
    public var path: String
    /// The request's header fields.
    public var headers: ConnectorHTTPHeaders
    /// The request body, exactly as received: the signature covers its bytes.
    public var body: Data

    /// Creates a request.
    public init(method: String, path: String, headers: ConnectorHTTPHeaders = ConnectorHTTPHeaders(), body: Data = Data()) {
        self.method = method
        self.path = path
        self.headers = headers
        self.body = body
    }
}

/// An HTTP response as ``BureauGateway`` returns it and a transport receives it.
public struct ConnectorHTTPResponse: Sendable, Hashable {
    /// The HTTP status code.
    public var status: Int
    /// The response's header fields.
    public var headers: ConnectorHTTPHeaders
    /// The response body.
    public var body: Data

    /// Creates a response.
    public init(status: Int, headers: ConnectorHTTPHeaders = ConnectorHTTPHeaders(), body: Data = Data()) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}

/// HTTP header fields: names compared case-insensitively (RFC 9110 §5.1), and every name and
/// value checked when it is added, so that nothing taken from a request can split a response.
///
/// A name is an RFC 9110 token; a value is visible ASCII, spaces and tabs, or bytes of 0x80 and
/// above (RFC 9110 §5.5 `field-content`), with no CR, LF, NUL or other control character, and
/// without leading or trailing white space. Repeated names are kept in order; ``subscript(_:)``
/// reads a name that occurs once.
///
/// Fields are a list searched in order while short, since a signed message has about ten and
/// comparing names byte by byte costs less than hashing them; past 16 fields an index by
/// folded name keeps every operation linear in the number of fields.
public struct ConnectorHTTPHeaders: Sendable, Hashable, Sequence {
    private var fields: [(name: String, value: String)] = []
    /// Positions by folded name, built only once there are enough fields to need it.
    private var index: [String: [Int]]?
    private static let indexThreshold = 16

    /// Creates an empty set of fields.
    public init() {}

    /// Creates fields from name–value pairs, in order; throws `malformed-request` for a name
    /// or value that may not appear in HTTP.
    public init(_ pairs: some Sequence<(String, String)>) throws {
        for (name, value) in pairs { try add(name, value) }
    }

    /// How many fields there are, repeated names counted each time.
    public var count: Int { fields.count }

    /// The value of the field `name` when it occurs exactly once; nil when it is absent or
    /// repeated (a repeated protocol header is ambiguous, and ambiguity is refused).
    public subscript(name: String) -> String? {
        if let index {
            guard let positions = index[Self.folded(name)], positions.count == 1 else { return nil }
            return fields[positions[0]].value
        }
        // Read on every signed message: one pass, no allocation.
        var found: Int?
        for position in fields.indices where Self.sameName(fields[position].name, name) {
            guard found == nil else { return nil }
            found = position
        }
        return found.map { fields[$0].value }
    }

    /// Every value of `name`, in order.
    public func values(of name: String) -> [String] { positions(of: name).map { fields[$0].value } }

    /// Adds a field, keeping others of the same name.
    public mutating func add(_ name: String, _ value: String) throws {
        try Self.validate(name: name, value: value)
        // A signed message has six to ten fields: room for them at once, not four regrowths.
        if fields.capacity == 0 { fields.reserveCapacity(10) }
        fields.append((name, value))
        if index != nil {
            index![Self.folded(name), default: []].append(fields.count - 1)
        } else if fields.count > Self.indexThreshold {
            rebuildIndex()
        }
    }

    /// Sets the field `name` to `value`, replacing every field of that name.
    public mutating func set(_ name: String, _ value: String) throws {
        try Self.validate(name: name, value: value)
        remove(name)
        try add(name, value)
    }

    /// Removes every field named `name`.
    public mutating func remove(_ name: String) {
        let positions = positions(of: name)
        guard !positions.isEmpty else { return }
        let removed = Set(positions)
        fields = fields.enumerated().filter { !removed.contains($0.offset) }.map(\.element)
        if index != nil { rebuildIndex() }
    }

    /// The fields in the order they were added.
    public func makeIterator() -> some IteratorProtocol<(name: String, value: String)> {
        fields.makeIterator()
    }

    /// Equal when the same folded names carry the same values in the same order per name.
    public static func == (lhs: ConnectorHTTPHeaders, rhs: ConnectorHTTPHeaders) -> Bool {
        lhs.fields.count == rhs.fields.count && lhs.fields.allSatisfy { lhs.values(of: $0.name) == rhs.values(of: $0.name) }
    }

    /// Hashes the folded names and values whatever the order of different names, matching `==`.
    public func hash(into hasher: inout Hasher) {
        var sum = 0
        for field in fields {
            var fieldHasher = Hasher()
            fieldHasher.combine(Self.folded(field.name))
            fieldHasher.combine(field.value)
            sum &+= fieldHasher.finalize()
        }
        hasher.combine(sum)
    }

    private func positions(of name: String) -> [Int] {
        if let index { return index[Self.folded(name)] ?? [] }
        // Both ends of the protocol spell names the same way, so an exact comparison, a plain
        // memory compare, is tried on every field before the byte-by-byte case folding.
        let exact = fields.indices.filter { fields[$0].name == name }
        return exact.isEmpty ? fields.indices.filter { Self.sameName(fields[$0].name, name) } : exact
    }

    private mutating func rebuildIndex() {
        var rebuilt: [String: [Int]] = [:]
        for (position, field) in fields.enumerated() { rebuilt[Self.folded(field.name), default: []].append(position) }
        index = rebuilt
    }

    private static func validate(name: String, value: String) throws {
        var name = name
        let isToken = name.withUTF8 { bytes in
            // The table read once, not once per byte through its lazy initialiser.
            let table = tokenCharacters
            return !bytes.isEmpty && bytes.allSatisfy { table[Int($0)] }
        }
        guard isToken else {
            throw ConnectorError(.malformedRequest, "A header name must be an RFC 9110 token.")
        }
        var value = value
        // On the string's contiguous bytes: every header of every message passes here.
        let isFieldContent = value.withUTF8 { bytes in
            for byte in bytes where byte < 0x20 || byte == 0x7F {
                guard byte == 0x09 else { return false }
            }
            let isBlank = { (byte: UInt8) in byte == 0x20 || byte == 0x09 }
            return !(bytes.first.map(isBlank) ?? false) && !(bytes.last.map(isBlank) ?? false)
        }
        guard isFieldContent else {
            throw ConnectorError(.malformedRequest, "The value of header \(name) has a control character (such as CR or LF) or surrounding white space.")
        }
    }

    /// RFC 9110 `tchar`, as a table: every header name of every message is checked.
    private static let tokenCharacters: [Bool] = (0...255).map { byte in
        switch UInt8(byte) {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"): true
        default: "!#$%&'*+-.^_`|~".utf8.contains(UInt8(byte))
        }
    }

    /// ASCII case-insensitive equality: names are ASCII tokens. Lengths first, which tell most
    /// names apart at once; then the exact spelling both ends of the protocol use; then the
    /// bytes folded.
    private static func sameName(_ lhs: String, _ rhs: String) -> Bool {
        guard lhs.utf8.count == rhs.utf8.count else { return false }
        if lhs == rhs { return true }
        var (lhs, rhs) = (lhs, rhs)
        return lhs.withUTF8 { left in
            rhs.withUTF8 { right in zip(left, right).allSatisfy { foldedByte($0) == foldedByte($1) } }
        }
    }

    private static func folded(_ name: String) -> String {
        String(decoding: name.utf8.map(foldedByte), as: UTF8.self)
    }

    private static func foldedByte(_ byte: UInt8) -> UInt8 {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte | 0x20 : byte
    }
}
