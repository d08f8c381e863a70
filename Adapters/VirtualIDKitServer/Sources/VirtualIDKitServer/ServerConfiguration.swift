import Foundation

/// What a deployment serves, where, and on what: read from a JSON file (see
/// `Examples/server.json` and Documentation/ReferenceDeployment.md). Paths in it are relative to
/// the file's folder.
public struct ServerConfiguration: Decodable, Sendable {
    /// The address to listen on.
    public struct Listen: Decodable, Sendable {
        /// A host name or address; `127.0.0.1` for loopback only.
        public var host: String
        /// The port; 0 picks a free one (the server reports it once running).
        public var port: Int
    }

    /// The server's certificate and, for partners that present one, mutual TLS.
    public struct TLS: Decodable, Sendable {
        /// Whether clients present a certificate signed by ``clientCertificateAuthorities``.
        public enum ClientCertificates: String, Decodable, Sendable {
            /// None asked for.
            case none
            /// Verified when presented; a client without one is still served.
            case optional
            /// Every client presents one, or the handshake fails.
            case required
        }

        /// PEM file with the server's certificate, then any intermediates.
        public var certificateChain: String
        /// PEM file with the server's private key.
        public var privateKey: String
        /// PEM file with the authorities that sign partners' client certificates.
        public var clientCertificateAuthorities: String?
        public var clientCertificates: ClientCertificates = .none

        enum CodingKeys: String, CodingKey {
            case certificateChain = "certificate_chain", privateKey = "private_key"
            case clientCertificateAuthorities = "client_certificate_authorities", clientCertificates = "client_certificates"
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            certificateChain = try container.decode(String.self, forKey: .certificateChain)
            privateKey = try container.decode(String.self, forKey: .privateKey)
            clientCertificateAuthorities = try container.decodeIfPresent(String.self, forKey: .clientCertificateAuthorities)
            clientCertificates = try container.decodeIfPresent(ClientCertificates.self, forKey: .clientCertificates) ?? .none
        }
    }

    /// What the server accepts before a handler sees a request.
    public struct Limits: Decodable, Sendable {
        /// The most bytes a request body may have (the gateway's own limit too).
        public var maximumBodyBytes = 1024 * 1024
        /// The most bytes all header fields of a request may have together.
        public var maximumHeaderBytes = 16 * 1024
        /// The most header fields a request may have.
        public var maximumHeaderFields = 64
        /// How long a client has to send a whole request, counted from the connection opening
        /// or the previous response: a client that sends slowly, or not at all, is cut off.
        public var requestTimeoutSeconds = 10
        /// The most connections served at once; more wait in the listen backlog.
        public var maximumConnections = 512

        enum CodingKeys: String, CodingKey {
            case maximumBodyBytes = "maximum_body_bytes", maximumHeaderBytes = "maximum_header_bytes"
            case maximumHeaderFields = "maximum_header_fields", requestTimeoutSeconds = "request_timeout_seconds"
            case maximumConnections = "maximum_connections"
        }

        public init() {}

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            let defaults = Limits()
            maximumBodyBytes = try container.decodeIfPresent(Int.self, forKey: .maximumBodyBytes) ?? defaults.maximumBodyBytes
            maximumHeaderBytes = try container.decodeIfPresent(Int.self, forKey: .maximumHeaderBytes) ?? defaults.maximumHeaderBytes
            maximumHeaderFields = try container.decodeIfPresent(Int.self, forKey: .maximumHeaderFields) ?? defaults.maximumHeaderFields
            requestTimeoutSeconds = try container.decodeIfPresent(Int.self, forKey: .requestTimeoutSeconds) ?? defaults.requestTimeoutSeconds
            maximumConnections = try container.decodeIfPresent(Int.self, forKey: .maximumConnections) ?? defaults.maximumConnections
        }
    }

    /// Where the shared state lives: an SQLite file for one instance, PostgreSQL for many.
    public enum Database: Decodable, Sendable {
        case sqlite(path: String)
        case postgres(url: String, poolSize: Int)

        enum CodingKeys: String, CodingKey { case sqlite, postgres, poolSize = "pool_size" }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            switch (try container.decodeIfPresent(String.self, forKey: .sqlite), try container.decodeIfPresent(String.self, forKey: .postgres)) {
            case (let path?, nil): self = .sqlite(path: path)
            case (nil, let url?): self = .postgres(url: url, poolSize: try container.decodeIfPresent(Int.self, forKey: .poolSize) ?? 8)
            default:
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "Give exactly one of 'sqlite' (a file) or 'postgres' (a URL)."))
            }
        }
    }

    /// The medical-security platform's gateway.
    public struct Gateway: Decodable, Sendable {
        /// A partner institution and the public keys it signs with.
        public struct Partner: Decodable, Sendable {
            public var institution: String
            /// PEM files of its public keys.
            public var publicKeys: [String]

            enum CodingKeys: String, CodingKey { case institution, publicKeys = "public_keys" }
        }

        /// The platform's area code.
        public var area: String
        /// The path partners post to.
        public var path: String
        /// PEM file with the platform's signing key; kept across restarts, so partners can pin it.
        public var platformKey: String
        public var partners: [Partner]
        /// The people the simulated platform insures (BureauServer's people.json format), for
        /// the executable that runs the simulator behind the gateway.
        public var people: String?

        enum CodingKeys: String, CodingKey { case area, path, platformKey = "platform_key", partners, people }
    }

    /// The credential verifier's endpoints for a hotel or counter desk.
    public struct Verifier: Decodable, Sendable {
        /// The trust list file (TrustList's published JSON).
        public var trustList: String
        public var acceptedTypes: [String]
        /// The audience presentations are made to (the key-binding JWT's `aud`).
        public var audience: String
        public var requiredClaims: [String]

        enum CodingKeys: String, CodingKey { case trustList = "trust_list", acceptedTypes = "accepted_types", audience, requiredClaims = "required_claims" }
    }

    public var listen: Listen
    public var tls: TLS
    public var limits: Limits
    public var database: Database
    public var gateway: Gateway?
    public var verifier: Verifier?
    /// The folder relative paths are read from.
    public var folder: URL

    enum CodingKeys: String, CodingKey { case listen, tls, limits, database, gateway, verifier }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        listen = try container.decode(Listen.self, forKey: .listen)
        tls = try container.decode(TLS.self, forKey: .tls)
        limits = try container.decodeIfPresent(Limits.self, forKey: .limits) ?? Limits()
        database = try container.decode(Database.self, forKey: .database)
        gateway = try container.decodeIfPresent(Gateway.self, forKey: .gateway)
        verifier = try container.decodeIfPresent(Verifier.self, forKey: .verifier)
        folder = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    }

    /// Reads the configuration file at `path`; a file that cannot be read or is not a valid
    /// configuration throws ``ServerConfigurationError`` naming the file and the member.
    public static func load(path: String) throws -> ServerConfiguration {
        let url = URL(fileURLWithPath: path)
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw ServerConfigurationError("\(path): cannot be read (\((error as NSError).localizedDescription)).")
        }
        var configuration: ServerConfiguration
        do {
            configuration = try JSONDecoder().decode(ServerConfiguration.self, from: data)
        } catch let error as DecodingError {
            throw ServerConfigurationError("\(path): \(ServerConfigurationError.describe(error))")
        }
        configuration.folder = url.deletingLastPathComponent()
        try configuration.validate(file: path)
        return configuration
    }

    /// The file `path` names, relative to the configuration's folder.
    public func file(_ path: String) -> URL {
        path.hasPrefix("/") ? URL(fileURLWithPath: path) : folder.appendingPathComponent(path)
    }

    /// Reads the file `path` names; a missing file names itself and the member that named it.
    public func read(_ path: String, for member: String) throws -> Data {
        do {
            return try Data(contentsOf: file(path))
        } catch {
            throw ServerConfigurationError("\(member): \(file(path).path) cannot be read.")
        }
    }

    private func validate(file: String) throws {
        guard (0...65535).contains(listen.port) else { throw ServerConfigurationError("\(file): listen.port must be 0 to 65535.") }
        guard gateway != nil || verifier != nil else { throw ServerConfigurationError("\(file): configure a 'gateway', a 'verifier' or both.") }
        guard limits.maximumBodyBytes > 0, limits.maximumHeaderBytes > 0, limits.maximumHeaderFields > 0, limits.requestTimeoutSeconds > 0,
              limits.maximumConnections > 0
        else { throw ServerConfigurationError("\(file): every limit must be positive.") }
        if tls.clientCertificates != .none, tls.clientCertificateAuthorities == nil {
            throw ServerConfigurationError("\(file): tls.client_certificates '\(tls.clientCertificates.rawValue)' needs tls.client_certificate_authorities.")
        }
    }
}

/// A configuration that cannot be used, with what is wrong and where.
public struct ServerConfigurationError: Error, CustomStringConvertible {
    public let description: String

    /// An error saying `description`: what is wrong, and where.
    public init(_ description: String) { self.description = description }

    static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context): return "'\(([path(context)] + [key.stringValue]).filter { !$0.isEmpty }.joined(separator: "."))' is missing."
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return "'\(path(context))': \(context.debugDescription)"
        @unknown default: return "\(error)"
        }
    }
}
