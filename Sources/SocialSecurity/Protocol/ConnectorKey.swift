import IDCore

/// A key a party signs protocol messages with, and the id the other side knows it by.
public struct ConnectorSigningKey: Sendable {
    public let keyID: String
    public let key: SigningKey

    /// By default the key id is the key's RFC 7638 thumbprint.
    public init(_ key: SigningKey, keyID: String? = nil) {
        self.key = key
        self.keyID = keyID ?? key.publicKey.thumbprint
    }
}

/// The keys a party trusts for another, by key id: several at once for rotation.
public struct ConnectorKeySet: Sendable {
    private let keys: [String: VerificationKey]

    public init(_ keys: [VerificationKey]) {
        self.keys = Dictionary(keys.map { ($0.thumbprint, $0) }, uniquingKeysWith: { first, _ in first })
    }

    public init(keysByID: [String: VerificationKey]) {
        keys = keysByID
    }

    public subscript(keyID: String) -> VerificationKey? { keys[keyID] }

    public var keyIDs: [String] { keys.keys.sorted() }
}
