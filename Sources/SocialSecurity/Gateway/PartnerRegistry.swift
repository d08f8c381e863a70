import IDCore

/// The partners a platform serves: their keys (several, for rotation) and the transactions each
/// may call.
public struct PartnerRegistry: Sendable {
    /// One partner: its keys and the transactions it may call.
    public struct Partner: Sendable {
        /// The partner's institution code, as sent in `X-VIDK-Partner` and `fixmedins_code`.
        public let institution: InstitutionCode
        /// The partner's request-signing keys, by key id.
        public let keys: ConnectorKeySet
        /// The transactions the partner may call.
        public let allowedTransactions: Set<InterfaceTransaction>

        /// Creates a partner; by default it may call every transaction.
        public init(institution: InstitutionCode, keys: ConnectorKeySet, allowedTransactions: Set<InterfaceTransaction> = Set(InterfaceTransaction.allCases)) {
            self.institution = institution
            self.keys = keys
            self.allowedTransactions = allowedTransactions
        }
    }

    private let partners: [String: Partner]

    /// Creates a registry; a repeated institution keeps the first entry.
    public init(_ partners: [Partner]) {
        self.partners = Dictionary(partners.map { ($0.institution.code, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The partner with institution code `code`, if registered.
    public subscript(code: String) -> Partner? { partners[code] }
}
