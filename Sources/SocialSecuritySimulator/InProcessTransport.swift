import Foundation
import SocialSecurity

/// Hands requests straight to in-process gateways, by endpoint: the embedded default.
public struct InProcessTransport: ConnectorTransport {
    /// A list, not a dictionary: a handful of platforms, and hashing a URL for every message
    /// cost more than comparing it with each.
    private let gateways: [(endpoint: URL, gateway: BureauGateway)]

    /// Creates a transport over the given gateways, keyed by the endpoints in the directory.
    public init(gateways: [URL: BureauGateway]) {
        self.gateways = gateways.map { ($0.key, $0.value) }
    }

    /// Hands the request to the gateway at `endpoint`; an unknown endpoint is a transport failure.
    public func send(_ request: ConnectorHTTPRequest, to endpoint: URL) async throws -> ConnectorHTTPResponse {
        guard let gateway = gateways.first(where: { $0.endpoint == endpoint })?.gateway else {
            throw ConnectorError(.transportFailure, "No in-process platform answers at \(endpoint).")
        }
        return await gateway.handle(request)
    }
}
