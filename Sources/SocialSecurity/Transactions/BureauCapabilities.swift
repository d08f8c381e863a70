import IDCore

/// What a bureau publishes at `GET /v1/capabilities`, signed like every answer: its protocol
/// version, the transactions it offers and its current public keys (protocol §9).
public struct BureauCapabilities: Sendable, Hashable, Codable, ConnectorMessage {
    /// One of the bureau's current response-signing keys.
    public struct PublishedKey: Sendable, Hashable, Codable, ConnectorMessage {
        /// The key identifier: the JWK thumbprint (RFC 7638).
        public let kid: String
        /// The signature algorithm's JOSE name.
        public let alg: String
        /// The public key as a JWK.
        public let jwk: JSONWebKey

        /// Publishes a verification key.
        public init(_ key: VerificationKey) {
            kid = key.thumbprint
            alg = key.algorithm.joseName
            jwk = key.jwk
        }

        package init(json: JSONObjectReader) throws {
            kid = try json.string("kid")
            alg = try json.string("alg")
            jwk = try JSONWebKey(json: json.value("jwk"))
        }

        package var json: JSONValue {
            get throws { .object(["kid": .string(kid), "alg": .string(alg), "jwk": try JSONValue(encoding: jwk)]) }
        }
    }

    /// The connector protocol version; 1.
    public let protocolVersion: Int
    /// The bureau's identifier.
    public let bureau: String
    /// The transactions the bureau offers.
    public let transactions: [Transaction]
    /// The bureau's current public keys.
    public let keys: [PublishedKey]
    /// The timestamp and nonce window, in seconds.
    public let windowSeconds: Int

    /// Creates the capabilities of a protocol version 1 bureau.
    public init(bureau: String, transactions: [Transaction], keys: [VerificationKey], windowSeconds: Int) {
        protocolVersion = 1
        self.bureau = bureau
        self.transactions = transactions
        self.keys = keys.map(PublishedKey.init)
        self.windowSeconds = windowSeconds
    }

    package init(json: JSONObjectReader) throws {
        protocolVersion = try json.int("protocol_version")
        bureau = try json.string("bureau")
        transactions = try json.strings("transactions", Transaction.init(rawValue:))
        keys = try json.objects("keys", PublishedKey.init(json:))
        windowSeconds = try json.int("window_seconds")
    }

    package var json: JSONValue {
        get throws {
            .object(["protocol_version": .integer(Int64(protocolVersion)), "bureau": .string(bureau), "transactions": .array(transactions.map { .string($0.rawValue) }),
                     "keys": .array(try keys.map { try $0.json }), "window_seconds": .integer(Int64(windowSeconds))])
        }
    }
}
