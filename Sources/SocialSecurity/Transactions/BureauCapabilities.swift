import IDCore

/// What a bureau publishes at `GET /v1/capabilities`, signed like every answer: its protocol
/// version, the transactions it offers and its current public keys (protocol §9).
public struct BureauCapabilities: Sendable, Hashable, Codable {
    public struct PublishedKey: Sendable, Hashable, Codable {
        public let kid: String
        public let alg: String
        public let jwk: JSONWebKey

        public init(_ key: VerificationKey) {
            kid = key.thumbprint
            alg = key.algorithm.joseName
            jwk = key.jwk
        }
    }

    public let protocolVersion: Int
    public let bureau: String
    public let transactions: [Transaction]
    public let keys: [PublishedKey]
    public let windowSeconds: Int

    public init(bureau: String, transactions: [Transaction], keys: [VerificationKey], windowSeconds: Int) {
        protocolVersion = 1
        self.bureau = bureau
        self.transactions = transactions
        self.keys = keys.map(PublishedKey.init)
        self.windowSeconds = windowSeconds
    }

    enum CodingKeys: String, CodingKey {
        case protocolVersion = "protocol_version", bureau, transactions, keys, windowSeconds = "window_seconds"
    }
}
