import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Sends requests over HTTP(S) with `URLSession`: real sockets, a timeout per request, and no
/// automatic retries (the connector decides those). The request's path replaces the endpoint's:
/// the connector has already signed it as it will be sent.
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
        guard var components = URLComponents(url: endpoint, resolvingAgainstBaseURL: false) else {
            throw ConnectorError(.transportFailure, "\(endpoint) is not a usable URL.")
        }
        components.path = request.path
        components.percentEncodedQuery = request.query.isEmpty ? nil : request.query
        guard let url = components.url else {
            throw ConnectorError(.transportFailure, "Cannot form a URL from \(endpoint) and \(request.path).")
        }
        var urlRequest = URLRequest(url: url, timeoutInterval: timeout)
        urlRequest.httpMethod = request.method
        urlRequest.httpBody = request.body
        for (name, value) in request.headers { urlRequest.setValue(value, forHTTPHeaderField: name) }
        let data: Data
        let response: URLResponse
        do {
            (data, response) = try await session.data(for: urlRequest)
        } catch {
            throw ConnectorError(.transportFailure, "No answer from \(url.host ?? endpoint.absoluteString): \(error.localizedDescription)")
        }
        guard let http = response as? HTTPURLResponse else {
            throw ConnectorError(.transportFailure, "The answer from \(endpoint) is not HTTP.")
        }
        var headers = HTTPHeaders()
        for (name, value) in http.allHeaderFields {
            if let name = name as? String, let value = value as? String { headers[name] = value }
        }
        return ConnectorHTTPResponse(status: http.statusCode, headers: headers, body: data)
    }
}

extension String {
    /// The string without `suffix` at its end, if it ends so.
    func trimmingSuffix(_ suffix: String) -> String { hasSuffix(suffix) ? String(dropLast(suffix.count)) : self }
}
