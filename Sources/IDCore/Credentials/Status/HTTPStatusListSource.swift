import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Synchronization

/// Fetches status list tokens over HTTPS, as the Token Status List draft publishes them: a
/// `GET` with `Accept: application/statuslist+jwt`, answered `200` with that media type.
///
/// What it refuses, each as `status-list-unavailable`: another scheme than `https` (plain
/// `http` only to loopback addresses, for tests and local proxies, when allowed); a redirect to
/// another scheme, host or port (a status list location is trusted per host, see
/// ``TrustList``); a status other than 200 or another media type; a body over
/// ``maximumResponseSize`` (the transfer is cut when the limit is passed); no answer within the
/// timeout. Caching, single-flight and stale-if-error are the resolver's, which the verifier
/// puts in front of this source.
public final class HTTPStatusListSource: StatusListSource {
    /// The media type of a status list token.
    public static let mediaType = "application/statuslist+jwt"

    /// The largest token accepted, in bytes.
    public var maximumResponseSize: Int { delegate.maximumResponseSize }
    private let timeout: TimeInterval
    private let allowsLoopbackHTTP: Bool
    private let delegate: StatusListTransfers
    private let session: URLSession

    /// - Parameters:
    ///   - maximumResponseSize: 1 MiB by default, room for a list of millions of credentials.
    ///   - timeout: seconds for the whole request.
    ///   - allowsLoopbackHTTP: accept `http://127.0.0.1`, `http://[::1]` and `http://localhost`.
    public init(maximumResponseSize: Int = 1 << 20, timeout: TimeInterval = 10, allowsLoopbackHTTP: Bool = false) {
        self.timeout = timeout
        self.allowsLoopbackHTTP = allowsLoopbackHTTP
        delegate = StatusListTransfers(maximumResponseSize: maximumResponseSize)
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = timeout
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        session = URLSession(configuration: configuration, delegate: delegate, delegateQueue: nil)
    }

    deinit {
        session.invalidateAndCancel()
    }

    public func statusListToken(at uri: String) async throws -> String {
        guard let url = URL(string: uri), let host = url.host, isAllowed(scheme: url.scheme, host: host) else {
            throw IDCoreError(.statusListUnavailable, "The status list location \(uri) is not an https URL\(allowsLoopbackHTTP ? " or a loopback http one" : "").")
        }
        var request = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: timeout)
        request.setValue(Self.mediaType, forHTTPHeaderField: "Accept")
        let (body, response) = try await delegate.fetch(request, in: session)
        guard response.statusCode == 200 else {
            throw IDCoreError(.statusListUnavailable, "The status list location \(uri) answered HTTP \(response.statusCode).")
        }
        let type = (response.value(forHTTPHeaderField: "Content-Type") ?? "").split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased()
        guard type == Self.mediaType else {
            throw IDCoreError(.statusListUnavailable, "The status list location \(uri) answered '\(type ?? "")', not \(Self.mediaType).")
        }
        guard let token = String(data: body, encoding: .utf8) else {
            throw IDCoreError(.statusListUnavailable, "The status list token at \(uri) is not UTF-8 text.")
        }
        return token.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private func isAllowed(scheme: String?, host: String) -> Bool {
        switch scheme?.lowercased() {
        case "https": true
        case "http": allowsLoopbackHTTP && ["127.0.0.1", "::1", "[::1]", "localhost"].contains(host.lowercased())
        default: false
        }
    }
}

/// The session delegate that enforces the source's limits while a transfer runs: it refuses
/// redirects to another origin and cuts a body that passes the size limit.
private final class StatusListTransfers: NSObject, URLSessionDataDelegate, Sendable {
    let maximumResponseSize: Int
    private let transfers = Mutex<[Int: Transfer]>([:])

    private struct Transfer {
        var body = Data()
        var failure: IDCoreError?
        let continuation: CheckedContinuation<(Data, HTTPURLResponse), any Error>
    }

    init(maximumResponseSize: Int) {
        self.maximumResponseSize = maximumResponseSize
    }

    func fetch(_ request: URLRequest, in session: URLSession) async throws -> (Data, HTTPURLResponse) {
        try await withCheckedThrowingContinuation { continuation in
            let task = session.dataTask(with: request)
            transfers.withLock { $0[task.taskIdentifier] = Transfer(continuation: continuation) }
            task.resume()
        }
    }

    // MARK: URLSessionDataDelegate

    func urlSession(_ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
                           newRequest request: URLRequest, completionHandler: @escaping @Sendable (URLRequest?) -> Void) {
        let from = task.originalRequest?.url
        let to = request.url
        let sameOrigin = from?.scheme?.lowercased() == to?.scheme?.lowercased() && from?.host?.lowercased() == to?.host?.lowercased() && from?.port == to?.port
        if !sameOrigin {
            fail(task, IDCoreError(.statusListUnavailable, "The status list location \(from?.absoluteString ?? "") redirects to another origin (\(to?.host ?? "none")); not followed."))
        }
        completionHandler(sameOrigin ? request : nil)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
                           completionHandler: @escaping @Sendable (URLSession.ResponseDisposition) -> Void) {
        if response.expectedContentLength > Int64(maximumResponseSize) {
            fail(dataTask, oversize(dataTask))
            completionHandler(.cancel)
        } else {
            completionHandler(.allow)
        }
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        let tooLarge = transfers.withLock { transfers -> Bool in
            guard var transfer = transfers[dataTask.taskIdentifier], transfer.failure == nil else { return false }
            transfer.body.append(data)
            let over = transfer.body.count > maximumResponseSize
            if over { transfer.body = Data() }
            transfers[dataTask.taskIdentifier] = transfer
            return over
        }
        if tooLarge {
            fail(dataTask, oversize(dataTask))
            dataTask.cancel()
        }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        guard let transfer = transfers.withLock({ $0.removeValue(forKey: task.taskIdentifier) }) else { return }
        let location = task.originalRequest?.url?.absoluteString ?? "?"
        if let failure = transfer.failure {
            transfer.continuation.resume(throwing: failure)
        } else if let error {
            transfer.continuation.resume(throwing: IDCoreError(.statusListUnavailable, "The status list at \(location) could not be fetched: \(error.localizedDescription)"))
        } else if let response = task.response as? HTTPURLResponse {
            transfer.continuation.resume(returning: (transfer.body, response))
        } else {
            transfer.continuation.resume(throwing: IDCoreError(.statusListUnavailable, "The status list location \(location) did not answer over HTTP."))
        }
    }

    /// Records why a transfer is refused; the first reason wins.
    private func fail(_ task: URLSessionTask, _ error: IDCoreError) {
        transfers.withLock { transfers in
            if transfers[task.taskIdentifier]?.failure == nil { transfers[task.taskIdentifier]?.failure = error }
        }
    }

    private func oversize(_ task: URLSessionTask) -> IDCoreError {
        IDCoreError(.statusListUnavailable, "The status list at \(task.originalRequest?.url?.absoluteString ?? "?") is larger than \(maximumResponseSize) bytes; not read.")
    }
}
