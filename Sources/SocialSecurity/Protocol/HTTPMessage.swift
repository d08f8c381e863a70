import Foundation

/// An HTTP request as the connector protocol sees it: what a bureau's HTTP server hands to
/// ``BureauGateway`` and what a transport sends. Header names compare case-insensitively.
public struct ConnectorHTTPRequest: Sendable, Hashable {
    public var method: String
    /// The path without the query: `/v1/settlements`.
    public var path: String
    /// The raw query string without `?`, or empty.
    public var query: String
    public var headers: HTTPHeaders
    public var body: Data

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
    public var status: Int
    public var headers: HTTPHeaders
    public var body: Data

    public init(status: Int, headers: HTTPHeaders = HTTPHeaders(), body: Data = Data()) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}

/// HTTP header fields with case-insensitive names (RFC 9110 §5.1).
public struct HTTPHeaders: Sendable, Hashable, Sequence, ExpressibleByDictionaryLiteral {
    private var fields: [String: (name: String, value: String)] = [:]

    public init() {}

    public init(dictionaryLiteral elements: (String, String)...) {
        for (name, value) in elements { self[name] = value }
    }

    public subscript(name: String) -> String? {
        get { fields[name.lowercased()]?.value }
        set { fields[name.lowercased()] = newValue.map { (name, $0) } }
    }

    public func makeIterator() -> some IteratorProtocol<(name: String, value: String)> {
        fields.values.sorted { $0.name.lowercased() < $1.name.lowercased() }.makeIterator()
    }

    public static func == (lhs: HTTPHeaders, rhs: HTTPHeaders) -> Bool {
        lhs.fields.mapValues(\.value) == rhs.fields.mapValues(\.value)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(fields.mapValues(\.value))
    }
}
