import Foundation
import SocialSecurity
#if canImport(Glibc)
import Glibc
#endif

/// The smallest HTTP/1.1 server that can carry the connector protocol, for the examples and the
/// interop tests: loopback only, one request per connection, bodies by `Content-Length`. A
/// bureau puts `BureauGateway` behind its own production HTTP stack instead; this shows how.
final class LoopbackHTTPServer: @unchecked Sendable {
    private let gateway: BureauGateway
    private let socketDescriptor: Int32
    let port: UInt16

    /// Binds 127.0.0.1:`port` (0 picks a free port).
    init(gateway: BureauGateway, port: UInt16) throws {
        self.gateway = gateway
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

    /// Accepts connections until the process ends, each on its own thread.
    func run() -> Never {
        while true {
            let connection = accept(socketDescriptor, nil, nil)
            guard connection >= 0 else { continue }
            Thread.detachNewThread { [self] in serve(connection) }
        }
    }

    private func serve(_ connection: Int32) {
        defer { close(connection) }
        guard let request = readRequest(connection) else { return }
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var response = ConnectorHTTPResponse(status: 500)
        Task {
            response = await gateway.handle(request)
            done.signal()
        }
        done.wait()
        var head = "HTTP/1.1 \(response.status) \(response.status == 200 ? "OK" : "Error")\r\n"
        for (name, value) in response.headers { head += "\(name): \(value)\r\n" }
        head += "Content-Length: \(response.body.count)\r\nConnection: close\r\n\r\n"
        writeAll(connection, Data(head.utf8) + response.body)
    }

    private func readRequest(_ connection: Int32) -> ConnectorHTTPRequest? {
        var buffer = Data()
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        let separator = Data("\r\n\r\n".utf8)
        while buffer.range(of: separator) == nil {
            let count = read(connection, &chunk, chunk.count)
            guard count > 0, buffer.count < 64 * 1024 else { return nil }
            buffer.append(contentsOf: chunk[0..<count])
        }
        guard let end = buffer.range(of: separator) else { return nil }
        let lines = String(decoding: buffer[..<end.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
        let requestLine = lines[0].split(separator: " ")
        guard requestLine.count >= 2 else { return nil }
        var headers = HTTPHeaders()
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[String(line[..<colon])] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let length = Int(headers["Content-Length"] ?? "0") ?? 0
        guard length >= 0, length <= 1024 * 1024 else { return nil }
        var body = Data(buffer[end.upperBound...])
        while body.count < length {
            let count = read(connection, &chunk, chunk.count)
            guard count > 0 else { return nil }
            body.append(contentsOf: chunk[0..<count])
        }
        let target = String(requestLine[1])
        let parts = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        return ConnectorHTTPRequest(method: String(requestLine[0]), path: String(parts[0]), query: parts.count > 1 ? String(parts[1]) : "",
                                    headers: headers, body: body.prefix(length))
    }

    private func writeAll(_ connection: Int32, _ data: Data) {
        data.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = write(connection, bytes.baseAddress! + offset, bytes.count - offset)
                guard written > 0 else { return }
                offset += written
            }
        }
    }
}

struct ServerError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
