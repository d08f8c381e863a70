import Foundation

/// How a ``ProvincialConnector`` reaches a platform: over HTTP (``HTTPTransport``), or in
/// process for tests and the examples (`InProcessTransport` in `SocialSecuritySimulator`).
public protocol ConnectorTransport: Sendable {
    /// Delivers `request` to the platform at `endpoint` and returns its answer; throws
    /// `transport-failure` when no answer came.
    func send(_ request: ConnectorHTTPRequest, to endpoint: URL) async throws -> ConnectorHTTPResponse
}
