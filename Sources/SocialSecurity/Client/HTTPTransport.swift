import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Sends requests over HTTP(S) with `URLSession`: real sockets, a timeout per request, and no
/// automatic retries (the connector decides those). The request goes to the endpoint's own
/// path, which the connector has signed.
public struct HTTPTransport: ConnectorTransport {
    private let session: URLSession
    private let timeout: TimeInterval

    /// Creates a transport; `timeout` bounds each request, in seconds.
    public init(timeout: TimeInterval = 10, session: URLSession = URLSession(configuration: .ephemeral)) {
        self.session = session
        self.timeout = timeout
    }

    /// Sends the request to `endpoint` over HTTP(S); no answer within the timeout is a transport failure.
    public func send(_ request: ConnectorHTTPRequest, to endpoint: URL) async throws -> ConnectorHTTPResponse {
        var urlRequest = URLRequest(url: endpoint, timeoutInterval: timeout)
        urlRequest.httpMethod = request.method
        urlRequest.httpBody = request.body
        for (name, value) in request.headers { urlRequest.setValue(value, forHTTPHeaderField: name) }
        let data: Data
        let response: URLResponse
        do {
            (data, response) = try await session.data(for: urlRequest)
        } catch {
            throw ConnectorError(.transportFailure, "No answer from \(endpoint.host ?? endpoint.absoluteString): \(error.localizedDescription)")
        }
        guard let http = response as? HTTPURLResponse else {
            throw ConnectorError(.transportFailure, "The answer from \(endpoint) is not HTTP.")
        }
        var headers = ConnectorHTTPHeaders()
        do {
            for (name, value) in http.allHeaderFields {
                if let name = name as? String, let value = value as? String { try headers.add(name, value) }
            }
        } catch {
            throw ConnectorError(.transportFailure, "The answer from \(endpoint) has a header that HTTP does not allow.")
        }
        return ConnectorHTTPResponse(status: http.statusCode, headers: headers, body: data)
    }
}
