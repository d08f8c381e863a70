import Foundation

/// An HTTP request as the connector protocol sees it: what a bureau's HTTP server hands to
/// ``BureauGateway`` and what a transport sends. Header names compare case-insensitively.
public struct ConnectorHTTPRequest: Sendable, Hashable {
    /// The HTTP method: `GET` or `POST`.
    public var method: String
    /// The path without the query: `/v1/settlements`.
    public var path: String
    /// The raw query string without `?`, or empty.
    public var query: String
    /// The request's header fields.
    public var headers: HTTPHeaders
    /// The request body; empty for `GET`.
    public var body: Data

    /// Creates a request.
    public init(method: String, path: String, query: String = "", headers: HTTPHeaders = HTTPHeaders(), body: Data = Data()) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
    }
}

/// An HTTP response as ``BureauGateway`` returns it and a transport receives it.
public struct ConnectorHTTPResponse: Sendable, Hashable {
    /// The HTTP status code.
    public var status: Int
    /// The response's header fields.
    public var headers: HTTPHeaders
    /// The response body.
    public var body: Data

    /// Creates a response.
    public init(status: Int, headers: HTTPHeaders = HTTPHeaders(), body: Data = Data()) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}

/// HTTP header fields with case-insensitive names (RFC 9110 §5.1).
///
/// Kept as a short list searched in order: a message has about ten fields, and comparing names
/// byte by byte costs less than hashing them, which every signed message does a dozen times.
public struct HTTPHeaders: Sendable, Hashable, Sequence, ExpressibleByDictionaryLiteral {
    private var fields: [(name: String, value: String)] = []

    /// Creates an empty set of fields.
    public init() {}

    /// Creates fields from name–value pairs; a repeated name keeps the last value.
    public init(dictionaryLiteral elements: (String, String)...) {
        fields.reserveCapacity(elements.count)
        for (name, value) in elements { self[name] = value }
    }

    /// The value of the field `name`, matched case-insensitively; setting nil removes it.
    public subscript(name: String) -> String? {
        get { index(of: name).map { fields[$0].value } }
        set {
            let existing = index(of: name)
            switch (existing, newValue) {
            case (let index?, let value?): fields[index] = (name, value)
            case (let index?, nil): fields.remove(at: index)
            case (nil, let value?): fields.append((name, value))
            case (nil, nil): break
            }
        }
    }

    /// The fields in order of their lower-cased names, with names as they were set.
    public func makeIterator() -> some IteratorProtocol<(name: String, value: String)> {
        fields.sorted { $0.name.lowercased() < $1.name.lowercased() }.makeIterator()
    }

    /// Equal when the same names, compared case-insensitively, carry the same values.
    public static func == (lhs: HTTPHeaders, rhs: HTTPHeaders) -> Bool {
        lhs.fields.count == rhs.fields.count && lhs.fields.allSatisfy { rhs[$0.name] == $0.value }
    }

    /// Hashes the case-folded names and values whatever their order, matching `==`.
    public func hash(into hasher: inout Hasher) {
        var sum = 0
        for field in fields {
            var fieldHasher = Hasher()
            for byte in field.name.utf8 { fieldHasher.combine(Self.folded(byte)) }
            fieldHasher.combine(field.value)
            sum &+= fieldHasher.finalize()
        }
        hasher.combine(sum)
    }

    /// The position of the field `name`. Both ends of the protocol spell names the same way, so
    /// an exact comparison, a plain memory compare, is tried on every field before the
    /// byte-by-byte case folding that other senders may need.
    private func index(of name: String) -> Int? {
        fields.firstIndex { $0.name == name } ?? fields.firstIndex { Self.sameName($0.name, name) }
    }

    /// ASCII case-insensitive equality: field names are ASCII tokens.
    private static func sameName(_ lhs: String, _ rhs: String) -> Bool {
        lhs.utf8.count == rhs.utf8.count && lhs.utf8.elementsEqual(rhs.utf8) { folded($0) == folded($1) }
    }

    private static func folded(_ byte: UInt8) -> UInt8 {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte | 0x20 : byte
    }
}
