import Foundation

/// Publishes status list tokens: fetched by the URI a credential's `status` claim names.
///
/// A verifier reaches the list through this protocol, so it can come over HTTP, from a cache
/// or, in tests and the examples, straight from an in-process ``StatusListAuthority``.
public protocol StatusListSource: Sendable {
    /// The status list token (a signed JWT, `typ` `statuslist+jwt`) published at `uri`.
    func statusListToken(at uri: String) async throws -> String
}

/// The issuer side of revocation: keeps one status list in a ``StatusListStore``, hands out
/// indexes to new credentials, records revocations and suspensions, and signs status list
/// tokens from what the store holds. Instances of an issuer that share a store share the list.
///
/// ```swift
/// let authority = try StatusListAuthority(issuer: "https://id.gz.gov.cn", uri: "https://id.gz.gov.cn/status/1",
///                                         signingKey: issuerKey, store: try PostgresStatusListStore(url: databaseURL),
///                                         bitsPerStatus: 2, capacity: 100_000)
/// let reference = try await authority.allocate()
/// try await authority.setStatus(.suspended, for: reference)
/// ```
public actor StatusListAuthority: StatusListSource {
    /// The values an issuer sets.
    public enum Status: UInt8, Sendable {
        /// `0`: valid.
        case valid = 0
        /// `1`: revoked for good.
        case revoked = 1
        /// `2`: suspended, may become valid again.
        case suspended = 2
    }

    /// The issuer identifier that signs the status list token (`iss`).
    public nonisolated let issuer: String
    /// Where the status list token is published; the token's `sub`.
    public nonisolated let uri: String
    private let signingKey: any MessageSigner
    private let keyID: String
    private let tokenLifetime: TimeInterval
    private let clock: @Sendable () -> Date
    private let store: any StatusListStore
    /// The list's shape; its entries are the store's.
    private let empty: StatusList
    private var isCreated = false

    /// - Parameters:
    ///   - store: where the list's indexes and statuses are kept; the list is created there on
    ///     first use, or must have this shape if it is there already.
    ///   - tokenLifetime: how long a published token is valid (`exp`) and may be cached (`ttl`).
    public init(
        issuer: String, uri: String, signingKey: any MessageSigner, keyID: String? = nil, store: any StatusListStore, bitsPerStatus: Int = 2,
        capacity: Int = 65_536, tokenLifetime: TimeInterval = 3600, clock: @escaping @Sendable () -> Date = Date.init
    ) throws {
        self.issuer = issuer
        self.uri = uri
        self.signingKey = signingKey
        self.keyID = keyID ?? signingKey.publicKey.thumbprint
        self.store = store
        self.tokenLifetime = tokenLifetime
        self.clock = clock
        self.empty = try StatusList(bitsPerStatus: bitsPerStatus, capacity: capacity)
    }

    /// Reserves the next index for a credential about to be issued: never one handed out before,
    /// at this instance or another on the same store.
    public func allocate() async throws -> StatusListReference {
        try await createIfNeeded()
        return StatusListReference(index: try await store.allocateIndex(in: uri), uri: uri)
    }

    /// Records a credential's status; takes effect in the next token. A revocation is final.
    public func setStatus(_ status: Status, for reference: StatusListReference) async throws {
        guard reference.uri == uri else {
            throw IDCoreError(.invalidParameter, "The reference points at \(reference.uri), not this list (\(uri)).")
        }
        try await createIfNeeded()
        try await store.setStatus(status.rawValue, at: reference.index, in: uri)
    }

    /// A freshly signed status list token, of the statuses the store holds now.
    public func statusListToken(at requested: String) async throws -> String {
        guard requested == uri else {
            throw IDCoreError(.statusListUnavailable, "No status list is published at \(requested).")
        }
        try await createIfNeeded()
        var list = empty
        for (index, value) in try await store.statuses(in: uri) { try list.setStatus(value, at: index) }
        let now = clock()
        let payload: JSONObject = [
            "iss": .string(issuer),
            "sub": .string(uri),
            "iat": JSONValue(numericDate: now),
            "exp": JSONValue(numericDate: now.addingTimeInterval(tokenLifetime)),
            "ttl": .integer(Int64(tokenLifetime)),
            "status_list": .object(["bits": .integer(Int64(list.bitsPerStatus)), "lst": .string(try list.compressed())]),
        ]
        return try CompactJWS.sign(header: ["typ": .string(StatusListToken.type), "kid": .string(keyID)], payload: payload, with: signingKey)
    }

    private func createIfNeeded() async throws {
        guard !isCreated else { return }
        try await store.createList(uri, bitsPerStatus: empty.bitsPerStatus, capacity: empty.count)
        isCreated = true
    }
}

/// Reading and checking a status list token on the verifier side.
enum StatusListToken {
    static let type = "statuslist+jwt"

    struct Verified {
        let list: StatusList
        /// The token's `exp` (distant future without one).
        let expires: Date
        /// Until when the list may be reused: the earlier of `exp` and `iat` + `ttl`.
        let fresh: Date
        let issuer: String
        let keyID: String
    }

    static func verify(_ token: String, uri: String, trustList: TrustList, now: Date, clockSkew: TimeInterval) throws -> Verified {
        let jws = try CompactJWS(parsing: token)
        guard jws.type == type else {
            throw IDCoreError(.statusListUnavailable, "The status list token's typ is '\(jws.type ?? "none")', not '\(type)'.")
        }
        guard jws.payload["sub"]?.stringValue == uri else {
            throw IDCoreError(.statusListUnavailable, "The status list token's subject is not \(uri).")
        }
        guard let issuer = jws.payload["iss"]?.stringValue, let issuedAt = jws.payload["iat"]?.numericDate else {
            throw IDCoreError(.statusListUnavailable, "The status list token has no 'iss' or 'iat'.")
        }
        let signer: TrustedIssuerKey
        switch trustList.key(issuer: issuer, keyID: jws.keyID, algorithm: jws.algorithm, issuedAt: issuedAt) {
        case .failure(let failure):
            throw IDCoreError(.statusListUnavailable, "The status list token is not from a trusted key: \(failure.failure.detail)")
        case .success(let entry):
            guard jws.isSignatureValid(with: entry.key) else {
                throw IDCoreError(.statusListUnavailable, "The status list token's signature does not verify.")
            }
            signer = entry
        }
        let expires = jws.payload["exp"]?.numericDate ?? .distantFuture
        guard expires.addingTimeInterval(clockSkew) >= now else {
            throw IDCoreError(.statusListUnavailable, "The status list token expired at \(expires).")
        }
        guard let statusList = jws.payload["status_list"], let bits = statusList["bits"]?.integerValue,
              let lst = statusList["lst"]?.stringValue
        else {
            throw IDCoreError(.statusListUnavailable, "The status list token has no 'status_list' with 'bits' and 'lst'.")
        }
        let ttl = jws.payload["ttl"]?.integerValue.map { issuedAt.addingTimeInterval(TimeInterval($0)) } ?? expires
        return Verified(list: try StatusList(bitsPerStatus: Int(bits), compressed: lst), expires: expires, fresh: min(expires, ttl),
                        issuer: issuer, keyID: signer.keyID)
    }
}
