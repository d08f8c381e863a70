/// The header names of the connector protocol's security layer (Documentation/
/// ConnectorProtocol.md §3), which sits beside whatever a province's own gateway adds.
enum ProtocolHeader {
    static let partner = "X-VIDK-Partner"
    static let keyID = "X-VIDK-Key-Id"
    static let timestamp = "X-VIDK-Timestamp"
    static let nonce = "X-VIDK-Nonce"
    static let signature = "X-VIDK-Signature"
    static let requestID = "X-VIDK-Request-Id"
    static let replayed = "X-VIDK-Replayed"
    static let contentType = "Content-Type"
    static let retryAfter = "Retry-After"
}
