import IDCore

/// A key a party signs protocol messages with, and the id the other side knows it by.
public struct ConnectorSigningKey: Sendable {
    /// The key identifier the other side knows the key by.
    public let keyID: String
    /// The signer: a private key in memory, which never prints, or one in an HSM.
    public let key: any MessageSigner

    /// By default the key id is the key's RFC 7638 thumbprint.
    public init(_ key: any MessageSigner, keyID: String? = nil) {
        self.key = key
        self.keyID = keyID ?? key.publicKey.thumbprint
    }
}

/// The keys a party trusts for another, by key id: several at once for rotation.
public struct ConnectorKeySet: Sendable {
    private let keys: [String: VerificationKey]

    /// Trusts the keys under their RFC 7638 thumbprints.
    public init(_ keys: [VerificationKey]) {
        self.keys = Dictionary(keys.map { ($0.thumbprint, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Trusts keys under identifiers agreed out of band.
    public init(keysByID: [String: VerificationKey]) {
        keys = keysByID
    }

    /// The key with identifier `keyID`, if trusted.
    public subscript(keyID: String) -> VerificationKey? { keys[keyID] }

    /// The trusted key identifiers, sorted.
    public var keyIDs: [String] { keys.keys.sorted() }
}
