import Foundation

/// How a ``ProvincialConnector`` reaches a platform: over HTTP, or in process for tests and the
/// examples.
public protocol ConnectorTransport: Sendable {
    /// Delivers `request` to the platform at `endpoint` and returns its answer; throws
    /// `transport-failure` when no answer came.
    func send(_ request: ConnectorHTTPRequest, to endpoint: URL) async throws -> ConnectorHTTPResponse
}

/// Hands requests straight to in-process gateways, by endpoint: the embedded default.
public struct InProcessTransport: ConnectorTransport {
    private let gateways: [URL: BureauGateway]

    /// Creates a transport over the given gateways, keyed by the endpoints in the directory.
    public init(gateways: [URL: BureauGateway]) {
        self.gateways = gateways
    }

    /// Hands the request to the gateway at `endpoint`; an unknown endpoint is a transport failure.
    public func send(_ request: ConnectorHTTPRequest, to endpoint: URL) async throws -> ConnectorHTTPResponse {
        guard let gateway = gateways[endpoint] else {
            throw ConnectorError(.transportFailure, "No in-process platform answers at \(endpoint).")
        }
        return await gateway.handle(request)
    }
}
