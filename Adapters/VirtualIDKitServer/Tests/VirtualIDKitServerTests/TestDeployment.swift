import AsyncHTTPClient
import Foundation
import IDCore
import Logging
import NIOCore
import NIOHTTP1
import NIOSSL
import ServiceLifecycle
import SocialSecurity
import SocialSecuritySimulator
import VirtualIDKitServer

/// A deployment in a temporary folder, as an integrator would lay it out: certificates made by
/// the openssl command line (a CA, the server's for 127.0.0.1, a partner's client certificate),
/// the platform's and the hospital's keys, a people file, a trust list and the configuration.
struct TestDeployment {
    static let area = try! InsuranceArea("440300")
    static let hospital = try! InstitutionCode("H44030500017")
    static let path = "/fsi/api/rsfComIfsService/callService"
    static let issuer = "https://id.gz.gov.cn"
    static let credentialType = "https://id.example/test-card"
    static let audience = "hotel-desk-1"

    let folder: URL
    let platformKey: ConnectorSigningKey
    let hospitalKey: ConnectorSigningKey
    let issuerKey: SigningKey
    let wang: InsuredPerson

    /// - Parameters:
    ///   - clientCertificates: `none`, `optional` or `required`.
    ///   - limits: extra members of the configuration's `limits`.
    init(clientCertificates: String = "none", limits: [String: Int] = [:]) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("vidkit-server-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let platformSigningKey = try SigningKey(generating: .sm2)
        platformKey = ConnectorSigningKey(platformSigningKey)
        hospitalKey = ConnectorSigningKey(try SigningKey(generating: .sm2))
        issuerKey = try SigningKey(generating: .es256)
        wang = try InsuredPerson(personNumber: "P440300000001", idNumber: ResidentIDNumber("510107197605120315"), name: PersonName("王建国"),
                                 card: (SocialSecurityCardNumber("M12345678"), "M12345678SN"),
                                 insurance: [.init(type: .employeeBasic, insuredSince: CalendarDate(year: 2010, month: 1, day: 1), personalAccount: Yuan("1200.00"),
                                                   fundLimit: Yuan("300000.00"))])
        try makeCertificates()
        try write(platformSigningKey.pemRepresentation, "platform.pem")
        try write(hospitalKey.key.publicKey.pemRepresentation, "hospital.pub.pem")
        try write(#"[{"psn_no": "P440300000001", "id_number": "510107197605120315", "name": "王建国", "card_number": "M12345678", "card_sn": "M12345678SN", "balance": "1200.00"}]"#,
                  "people.json")
        try Data(TrustList([TrustedIssuerKey(issuer: Self.issuer, key: issuerKey.publicKey)]).publishedJSON()).write(to: file("trust-list.json"))
        var limitMembers: [String: Int] = ["request_timeout_seconds": 2, "maximum_body_bytes": 64 * 1024]
        limitMembers.merge(limits) { $1 }
        let configuration: [String: Any] = [
            "listen": ["host": "127.0.0.1", "port": 0],
            "tls": ["certificate_chain": "server.pem", "private_key": "server.key", "client_certificate_authorities": "ca.pem",
                    "client_certificates": clientCertificates],
            "limits": limitMembers,
            "database": ["sqlite": "state.sqlite"],
            "gateway": ["area": Self.area.code, "path": Self.path, "platform_key": "platform.pem", "people": "people.json",
                        "partners": [["institution": Self.hospital.code, "public_keys": ["hospital.pub.pem"]]]],
            "verifier": ["trust_list": "trust-list.json", "accepted_types": [Self.credentialType], "audience": Self.audience, "required_claims": ["name"]],
        ]
        try JSONSerialization.data(withJSONObject: configuration, options: [.sortedKeys]).write(to: file("server.json"))
    }

    func file(_ name: String) -> URL { folder.appendingPathComponent(name) }

    private func write(_ text: String, _ name: String) throws { try Data(text.utf8).write(to: file(name)) }

    private func makeCertificates() throws {
        try write("subjectAltName=IP:127.0.0.1,DNS:localhost\n", "server.ext")
        try write("extendedKeyUsage=clientAuth\n", "client.ext")
        try openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "ca.key", "-out", "ca.pem",
                    "-days", "2", "-subj", "/CN=VirtualIDKit test CA")
        for (name, subject, extensions) in [("server", "/CN=localhost", "server.ext"), ("client", "/CN=\(Self.hospital.code)", "client.ext")] {
            try openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "\(name).key", "-out", "\(name).csr",
                        "-subj", subject)
            try openssl("x509", "-req", "-in", "\(name).csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out", "\(name).pem",
                        "-days", "2", "-extfile", extensions)
        }
    }

    private func openssl(_ arguments: String...) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["openssl"] + arguments
        process.currentDirectoryURL = folder
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw ServerConfigurationError("openssl \(arguments.first ?? "") failed") }
    }

    /// The deployment running, as `vidkit-server` runs it, until `stop()`.
    func start() async throws -> RunningServer {
        let configuration = try ServerConfiguration.load(path: file("server.json").path)
        let stores = try DeploymentStores(configuration)
        let platform = SimulatedPlatform(area: Self.area, people: [wang], registry: NationalInsuranceRegistry())
        let server = try DeploymentServer(configuration: configuration, stores: stores, handler: platform)
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        var logger = Logger(label: "test-server")
        logger.logLevel = .critical
        let application = try server.application(logger: logger) { port in continuation.yield(port) }
        let group = ServiceGroup(configuration: .init(services: [.init(service: application)], logger: logger))
        let running = Task { try await group.run() }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else { throw ServerConfigurationError("the server did not start") }
        return RunningServer(port: port, group: group, task: running, deployment: self)
    }

    /// A client trusting the test CA, presenting the partner's certificate when `withCertificate`.
    func client(withCertificate: Bool = false) throws -> HTTPClient {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(file("ca.pem").path))
        if withCertificate {
            tls.certificateChain = try NIOSSLCertificate.fromPEMFile(file("client.pem").path).map { .certificate($0) }
            tls.privateKey = .privateKey(try NIOSSLPrivateKey(file: file("client.key").path, format: .pem))
        }
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: .init(tlsConfiguration: tls))
    }
}

/// A running deployment.
struct RunningServer {
    let port: Int
    let group: ServiceGroup
    let task: Task<Void, any Error>
    let deployment: TestDeployment

    func url(_ path: String) -> String { "https://127.0.0.1:\(port)\(path)" }

    /// Shuts the server down gracefully and waits until it has stopped.
    func stop() async throws {
        await group.triggerGracefulShutdown()
        try await task.value
    }
}

/// The hospital's transport over HTTPS, through AsyncHTTPClient.
struct HTTPClientTransport: ConnectorTransport {
    let client: HTTPClient

    func send(_ request: ConnectorHTTPRequest, to endpoint: URL) async throws -> ConnectorHTTPResponse {
        var outgoing = HTTPClientRequest(url: endpoint.absoluteString)
        outgoing.method = .POST
        for (name, value) in request.headers { outgoing.headers.add(name: name, value: value) }
        outgoing.body = .bytes(ByteBuffer(bytes: request.body))
        let response = try await client.execute(outgoing, timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 1 << 20)
        return ConnectorHTTPResponse(status: Int(response.status.code), headers: try ConnectorHTTPHeaders(response.headers.map { ($0.name, $0.value) }),
                                     body: Data(body.readableBytesView))
    }
}
