import Foundation
import SocialSecurity
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The smallest HTTP/1.1 server that can carry the connector protocol, for the examples and the
/// interop tests: loopback only, one request per connection, bodies by `Content-Length`. A
/// platform puts `BureauGateway` behind its own production HTTP stack instead; this shows what
/// that stack must do in front of it: bound what it reads before buffering it (431, 413), time
/// out a client that stops sending, and cap the connections it serves at once (503).
final class LoopbackHTTPServer: Sendable {
    struct Limits {
        var maximumConnections = 64
        var readTimeoutSeconds = 10
        var maximumHeaderBytes = 16 * 1024
        var maximumBodyBytes = 1024 * 1024
    }

    private let gateway: BureauGateway
    private let socketDescriptor: Int32
    private let limits: Limits
    private let open = Atomic<Int>(0)
    let port: UInt16

    /// Binds 127.0.0.1:`port` (0 picks a free port).
    init(gateway: BureauGateway, port: UInt16, limits: Limits = Limits()) throws {
        self.gateway = gateway
        self.limits = limits
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw ServerError("socket() failed") }
        var yes: Int32 = 1
        setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(descriptor, 64) == 0 else { throw ServerError("cannot listen on 127.0.0.1:\(port)") }
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        socketDescriptor = descriptor
        self.port = UInt16(bigEndian: actual.sin_port)
    }

    /// Accepts connections until the process ends, each on its own thread, at most
    /// `maximumConnections` at once.
    func run() -> Never {
        while true {
            let connection = accept(socketDescriptor, nil, nil)
            guard connection >= 0 else { continue }
            var timeout = timeval(tv_sec: limits.readTimeoutSeconds, tv_usec: 0)
            setsockopt(connection, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            setsockopt(connection, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            guard open.add(1, ordering: .relaxed).newValue <= limits.maximumConnections else {
                write(connection, gateway.refusal(.bureauUnavailable, "The platform has no room for another connection; retry shortly."))
                close(connection)
                open.subtract(1, ordering: .relaxed)
                continue
            }
            Thread.detachNewThread { [self] in
                serve(connection)
                open.subtract(1, ordering: .relaxed)
            }
        }
    }

    private func serve(_ connection: Int32) {
        defer { close(connection) }
        let request: ConnectorHTTPRequest
        switch readRequest(connection) {
        case .request(let read): request = read
        case .refuse(let code, let reason): return write(connection, gateway.refusal(code, reason))
        case .lengthRequired: return write(connection, ConnectorHTTPResponse(status: 411))
        case .gone: return
        }
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var response = ConnectorHTTPResponse(status: 500)
        Task {
            response = await gateway.handle(request)
            done.signal()
        }
        done.wait()
        write(connection, response)
    }

    private enum Read {
        case request(ConnectorHTTPRequest)
        /// Refused before the gateway sees it, answered as the gateway would.
        case refuse(ConnectorError.Code, String)
        /// A body without a length (chunked): not a protocol refusal, plain HTTP.
        case lengthRequired
        case gone
    }

    private func readRequest(_ connection: Int32) -> Read {
        var buffer = Data()
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        let separator = Data("\r\n\r\n".utf8)
        while buffer.range(of: separator) == nil {
            guard buffer.count <= limits.maximumHeaderBytes else { return .refuse(.headersTooLarge, "The header fields exceed \(limits.maximumHeaderBytes) bytes.") }
            let count = read(connection, &chunk, chunk.count)
            guard count > 0 else { return .gone }  // closed, or the read timed out
            buffer.append(contentsOf: chunk[0..<count])
        }
        guard let end = buffer.range(of: separator), end.lowerBound <= limits.maximumHeaderBytes else {
            return .refuse(.headersTooLarge, "The header fields exceed \(limits.maximumHeaderBytes) bytes.")
        }
        let lines = String(decoding: buffer[..<end.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
        let requestLine = lines[0].split(separator: " ")
        guard requestLine.count == 3 else { return .refuse(.malformedRequest, "The request line is not HTTP/1.1's.") }
        var headers = ConnectorHTTPHeaders()
        do {
            for line in lines.dropFirst() {
                guard let colon = line.firstIndex(of: ":") else { return .refuse(.malformedRequest, "A header line has no colon.") }
                try headers.add(String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
            }
        } catch {
            return .refuse(.malformedRequest, "A header name or value may not appear in HTTP (a control character, such as CR or LF).")
        }
        guard headers.values(of: "Transfer-Encoding").isEmpty else { return .lengthRequired }
        guard let length = Int(headers["Content-Length"] ?? "0"), length >= 0 else { return .refuse(.malformedRequest, "Content-Length is not a length.") }
        guard length <= limits.maximumBodyBytes else { return .refuse(.bodyTooLarge, "The body exceeds \(limits.maximumBodyBytes) bytes.") }
        var body = Data(buffer[end.upperBound...])
        while body.count < length {
            let count = read(connection, &chunk, chunk.count)
            guard count > 0 else { return .gone }
            body.append(contentsOf: chunk[0..<count])
        }
        let target = requestLine[1].split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        return .request(ConnectorHTTPRequest(method: String(requestLine[0]), path: String(target[0]), headers: headers, body: body.prefix(length)))
    }

    private func write(_ connection: Int32, _ response: ConnectorHTTPResponse) {
        // Names and values in ConnectorHTTPHeaders were checked when they were added: none carries CR or LF.
        var head = "HTTP/1.1 \(response.status) \(Self.reasonPhrase(response.status))\r\n"
        for (name, value) in response.headers { head += "\(name): \(value)\r\n" }
        head += "Content-Length: \(response.body.count)\r\nConnection: close\r\n\r\n"
        (Data(head.utf8) + response.body).withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = Glibc.write(connection, bytes.baseAddress! + offset, bytes.count - offset)
                guard written > 0 else { return }
                offset += written
            }
        }
    }

    private static func reasonPhrase(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 409: "Conflict"
        case 411: "Length Required"
        case 413: "Content Too Large"
        case 429: "Too Many Requests"
        case 431: "Request Header Fields Too Large"
        case 503: "Service Unavailable"
        default: "Error"
        }
    }
}

struct ServerError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
