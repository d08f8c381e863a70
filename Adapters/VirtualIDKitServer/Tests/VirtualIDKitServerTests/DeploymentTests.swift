import AsyncHTTPClient
import Foundation
import IDCore
import NIOCore
import NIOHTTP1
import SocialSecurity
import SocialSecuritySimulator
import Testing
import VirtualIDKitServer
#if canImport(Glibc)
import Glibc
#endif

@Suite("The reference deployment on Hummingbird: TLS, limits, slow clients, shutdown, health, gateway and verifier")
struct DeploymentTests {
    private func get(_ client: HTTPClient, _ url: String) async throws -> (status: UInt, body: JSONValue) {
        let response = try await client.execute(HTTPClientRequest(url: url), timeout: .seconds(10))
        let body = try await response.body.collect(upTo: 1 << 20)
        return (response.status.code, try JSONValue(parsing: Array(body.readableBytesView)))
    }

    private func post(_ client: HTTPClient, _ url: String, _ body: [UInt8]) async throws -> (status: UInt, body: JSONValue) {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.body = .bytes(ByteBuffer(bytes: body))
        let response = try await client.execute(request, timeout: .seconds(10))
        let answer = try await response.body.collect(upTo: 1 << 20)
        return (response.status.code, try JSONValue(parsing: Array(answer.readableBytesView)))
    }

    @Test("Health over TLS; a signed sign-in and person query through the gateway; the platform's answers verify")
    func gatewayOverTLS() async throws {
        let deployment = try TestDeployment()
        let server = try await deployment.start()
        let client = try deployment.client()
        defer { _ = client.shutdown() }
        let health = try await get(client, server.url("/health"))
        #expect(health.status == 200 && health.body["status"]?.stringValue == "ok")

        let endpoint = try #require(URL(string: server.url(TestDeployment.path)))
        let connector = try ProvincialConnector(
            institution: TestDeployment.hospital, institutionName: "北京大学深圳医院", treatmentArea: TestDeployment.area, signingKey: deployment.hospitalKey,
            directory: ConnectorDirectory([.init(area: TestDeployment.area, endpoint: endpoint, keys: ConnectorKeySet([deployment.platformKey.key.publicKey]))]),
            transport: HTTPClientTransport(client: client))
        let session = try await connector.signIn(ConnectorOperator(code: "C0012", name: "张敏"), macAddress: "3C-52-82-1A-7F-02", ipAddress: "10.8.1.23")
        let person = try await session.personInfo(PersonInfoQuery(credential: .identityCard(deployment.wang.idNumber)), insuredArea: TestDeployment.area)
        #expect(person.person.personNumber == deployment.wang.personNumber)
        try await server.stop()
    }

    @Test("A body past the limit is answered 413 body-too-large, unsigned, and not read further")
    func bodyLimit() async throws {
        let deployment = try TestDeployment(limits: ["maximum_body_bytes": 1024])
        let server = try await deployment.start()
        let client = try deployment.client()
        defer { _ = client.shutdown() }
        let answer = try await post(client, server.url(TestDeployment.path), Array(repeating: UInt8(ascii: "x"), count: 200_000))
        #expect(answer.status == 413)
        #expect(answer.body["err_code"]?.stringValue == "body-too-large")
        let verifier = try await post(client, server.url("/verifier/presentations"), Array(repeating: UInt8(ascii: "x"), count: 200_000))
        #expect(verifier.status == 413)
        try await server.stop()
    }

    @Test("Mutual TLS: a partner without a client certificate is refused in the handshake; with the CA's certificate it is served")
    func mutualTLS() async throws {
        let deployment = try TestDeployment(clientCertificates: "required")
        let server = try await deployment.start()
        let anonymous = try deployment.client()
        let partner = try deployment.client(withCertificate: true)
        defer { _ = anonymous.shutdown(); _ = partner.shutdown() }
        await #expect(throws: (any Error).self) { _ = try await get(anonymous, server.url("/health")) }
        #expect(try await get(partner, server.url("/health")).status == 200)
        try await server.stop()
    }

    @Test("Slow clients, silent or one byte at a time, are cut off at the request deadline, and others are served meanwhile")
    func slowClients() async throws {
        let deployment = try TestDeployment(limits: ["request_timeout_seconds": 1, "maximum_connections": 64])
        let server = try await deployment.start()
        let client = try deployment.client()
        defer { _ = client.shutdown() }
        let started = Date()
        // Forty connections that never finish a TLS handshake: each is closed by the server.
        let silent = try (0..<40).map { _ in try LoopbackSocket(port: server.port) }
        #expect(try await get(client, server.url("/health")).status == 200, "served while forty slow clients wait")
        // One that sends a byte every 200 ms of a well-formed TLS record (a 512-byte handshake
        // record, so the server waits for more rather than refusing it) is cut off at its deadline.
        let trickling = try LoopbackSocket(port: server.port)
        let trickleStarted = Date()
        #expect(trickling.send([0x16, 0x03, 0x01, 0x02, 0x00, 0x01]))
        var closedAfter: TimeInterval?
        for _ in 0..<50 {
            guard trickling.send([0x00]) else { closedAfter = Date().timeIntervalSince(trickleStarted); break }
            try await Task.sleep(for: .milliseconds(200))
        }
        let closed = try #require(closedAfter, "a client that trickles bytes is closed")
        #expect(closed >= 0.8 && closed < 4, "closed at its deadline of 1 s, not for a malformed record: \(closed) s")
        #expect(silent.allSatisfy { $0.isClosedByPeer(within: 5) })
        #expect(Date().timeIntervalSince(started) < 15)
        try await server.stop()
    }

    @Test("Graceful shutdown: a request whose body is still arriving is read and answered, then the port is closed")
    func gracefulShutdown() async throws {
        let deployment = try TestDeployment()
        let server = try await deployment.start()
        let client = try deployment.client()
        defer { _ = client.shutdown() }
        let (chunks, more) = AsyncStream.makeStream(of: ByteBuffer.self)
        var request = HTTPClientRequest(url: server.url("/verifier/presentations"))
        request.method = .POST
        request.body = .stream(chunks, length: .unknown)
        more.yield(ByteBuffer(string: #"{"nonce": "n-1", "#))
        async let response = client.execute(request, timeout: .seconds(10))
        try await Task.sleep(for: .milliseconds(200))
        async let stopped: Void = server.stop()
        try await Task.sleep(for: .milliseconds(200))
        more.yield(ByteBuffer(string: #""presentation": "not-a-credential"}"#))
        more.finish()
        #expect(try await response.status.code == 422, "the request under way when shutdown began is answered")
        try await stopped
        #expect(throws: (any Error).self) { _ = try LoopbackSocket(port: server.port) }
    }

    @Test("The verifier: a nonce issued, a presentation bound to it accepted once, then refused as a used nonce")
    func verifier() async throws {
        let deployment = try TestDeployment()
        let server = try await deployment.start()
        let client = try deployment.client()
        defer { _ = client.shutdown() }
        let issued = try await post(client, server.url("/verifier/nonces"), [])
        let nonce = try #require(issued.body["nonce"]?.stringValue)
        #expect(issued.status == 201 && issued.body["audience"]?.stringValue == TestDeployment.audience)

        let walletKey = try SigningKey(generating: .es256)
        let credential = try CredentialIssuer(identifier: TestDeployment.issuer, signingKey: deployment.issuerKey)
            .issue(claims: .object(["name": .string("李娜")]), type: TestDeployment.credentialType, holderKey: walletKey.publicKey,
                   expiresAt: Date().addingTimeInterval(3600))
        let presentation = try CredentialHolder(key: walletKey).present(credential, disclosing: ["name"], nonce: nonce, audience: TestDeployment.audience)
        let body = JSONValue.object(["nonce": .string(nonce), "presentation": .string(presentation.serialized)]).serialized
        let accepted = try await post(client, server.url("/verifier/presentations"), body)
        #expect(accepted.status == 200 && accepted.body["accepted"] == .bool(true))
        #expect(accepted.body["claims"]?["name"]?.stringValue == "李娜")
        let replayed = try await post(client, server.url("/verifier/presentations"), body)
        #expect(replayed.status == 422 && replayed.body["accepted"] == .bool(false))
        #expect(try await post(client, server.url("/verifier/presentations"), Array("not json".utf8)).status == 400)
        try await server.stop()
    }

    @Test("A configuration that cannot be used says which file and which member")
    func configurationErrors() throws {
        let deployment = try TestDeployment()
        let path = deployment.file("bad.json").path
        try Data(#"{"listen": {"host": "127.0.0.1", "port": 0}, "database": {"sqlite": "x"}}"#.utf8).write(to: URL(fileURLWithPath: path))
        #expect { try ServerConfiguration.load(path: path) } throws: { "\($0)".contains("bad.json") && "\($0)".contains("tls") }
        try Data(#"{"listen": {"host": "127.0.0.1", "port": 0}, "tls": {"certificate_chain": "a", "private_key": "b", "client_certificates": "required"}, "database": {"sqlite": "x"}, "verifier": {"trust_list": "t", "accepted_types": [], "audience": "a", "required_claims": []}}"#.utf8)
            .write(to: URL(fileURLWithPath: path))
        #expect { try ServerConfiguration.load(path: path) } throws: { "\($0)".contains("client_certificate_authorities") }
        #expect { try ServerConfiguration.load(path: deployment.file("missing.json").path) } throws: { "\($0)".contains("missing.json") }
    }
}

/// A raw TCP connection to the server on loopback, for clients that do not speak TLS properly.
final class LoopbackSocket {
    private let descriptor: Int32

    init(port: Int) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw ServerConfigurationError("cannot connect to 127.0.0.1:\(port)") }
    }

    deinit { close(descriptor) }

    /// Sends `bytes`; false once the peer has closed the connection.
    func send(_ bytes: [UInt8]) -> Bool {
        Glibc.send(descriptor, bytes, bytes.count, Int32(MSG_NOSIGNAL)) == bytes.count && !isClosedByPeer(within: 0)
    }

    /// Whether the peer closes the connection within `seconds`.
    func isClosedByPeer(within seconds: Int) -> Bool {
        var poll = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        guard Glibc.poll(&poll, 1, Int32(seconds * 1000)) > 0 else { return false }
        var byte: UInt8 = 0
        return recv(descriptor, &byte, 1, Int32(MSG_DONTWAIT)) <= 0
    }
}
