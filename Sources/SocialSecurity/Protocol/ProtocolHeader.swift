/// The header names of the connector protocol (Documentation/ConnectorProtocol.md §3, §4).
enum ProtocolHeader {
    static let partner = "X-VIDK-Partner"
    static let keyID = "X-VIDK-Key-Id"
    static let algorithm = "X-VIDK-Algorithm"
    static let timestamp = "X-VIDK-Timestamp"
    static let nonce = "X-VIDK-Nonce"
    static let idempotencyKey = "X-VIDK-Idempotency-Key"
    static let signature = "X-VIDK-Signature"
    static let requestID = "X-VIDK-Request-Id"
    static let replayed = "X-VIDK-Replayed"
    static let contentType = "Content-Type"
    static let retryAfter = "Retry-After"
}
