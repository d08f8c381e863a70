import IDCore

/// The partners a bureau serves: their keys (several, for rotation) and the transactions each
/// may call.
public struct PartnerRegistry: Sendable {
    public struct Partner: Sendable {
        public let id: String
        public let keys: ConnectorKeySet
        public let allowedTransactions: Set<Transaction>

        public init(id: String, keys: ConnectorKeySet, allowedTransactions: Set<Transaction> = Set(Transaction.allCases)) {
            self.id = id
            self.keys = keys
            self.allowedTransactions = allowedTransactions
        }
    }

    private let partners: [String: Partner]

    public init(_ partners: [Partner]) {
        self.partners = Dictionary(partners.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    public subscript(id: String) -> Partner? { partners[id] }
}
