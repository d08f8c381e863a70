import IDCore

/// The partners a bureau serves: their keys (several, for rotation) and the transactions each
/// may call.
public struct PartnerRegistry: Sendable {
    /// One partner: its keys and the transactions it may call.
    public struct Partner: Sendable {
        /// The partner identifier, as sent in requests.
        public let id: String
        /// The partner's request-signing keys, by key id.
        public let keys: ConnectorKeySet
        /// The transactions the partner may call.
        public let allowedTransactions: Set<Transaction>

        /// Creates a partner; by default it may call every transaction.
        public init(id: String, keys: ConnectorKeySet, allowedTransactions: Set<Transaction> = Set(Transaction.allCases)) {
            self.id = id
            self.keys = keys
            self.allowedTransactions = allowedTransactions
        }
    }

    private let partners: [String: Partner]

    /// Creates a registry; a repeated identifier keeps the first partner.
    public init(_ partners: [Partner]) {
        self.partners = Dictionary(partners.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The partner with identifier `id`, if registered.
    public subscript(id: String) -> Partner? { partners[id] }
}
