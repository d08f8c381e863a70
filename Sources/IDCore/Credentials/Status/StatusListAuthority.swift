import Foundation

/// Publishes status list tokens: fetched by the URI a credential's `status` claim names.
///
/// A verifier reaches the list through this protocol, so it can come over HTTP, from a cache
/// or, in tests and the examples, straight from an in-process ``StatusListAuthority``.
public protocol StatusListSource: Sendable {
    /// The status list token (a signed JWT, `typ` `statuslist+jwt`) published at `uri`.
    func statusListToken(at uri: String) async throws -> String
}

/// The issuer side of revocation: keeps one status list, hands out indexes to new credentials,
/// records revocations and suspensions, and signs status list tokens.
///
/// ```swift
/// let authority = try StatusListAuthority(issuer: "https://id.gz.gov.cn", uri: "https://id.gz.gov.cn/status/1",
///                                         signingKey: issuerKey, bitsPerStatus: 2, capacity: 100_000)
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
    private var list: StatusList
    private var nextIndex = 0

    /// - Parameter tokenLifetime: how long a published token is valid (`exp`) and may be cached
    ///   (`ttl`).
    public init(
        issuer: String, uri: String, signingKey: any MessageSigner, keyID: String? = nil, bitsPerStatus: Int = 2,
        capacity: Int = 65_536, tokenLifetime: TimeInterval = 3600, clock: @escaping @Sendable () -> Date = Date.init
    ) throws {
        self.issuer = issuer
        self.uri = uri
        self.signingKey = signingKey
        self.keyID = keyID ?? signingKey.publicKey.thumbprint
        self.tokenLifetime = tokenLifetime
        self.clock = clock
        self.list = try StatusList(bitsPerStatus: bitsPerStatus, capacity: capacity)
    }

    /// Reserves the next index for a credential about to be issued.
    public func allocate() throws -> StatusListReference {
        guard nextIndex < list.count else {
            throw IDCoreError(.invalidParameter, "Status list \(uri) is full (\(list.count) entries); open another.")
        }
        defer { nextIndex += 1 }
        return StatusListReference(index: nextIndex, uri: uri)
    }

    /// Records a credential's status; takes effect in the next token.
    public func setStatus(_ status: Status, for reference: StatusListReference) throws {
        guard reference.uri == uri else {
            throw IDCoreError(.invalidParameter, "The reference points at \(reference.uri), not this list (\(uri)).")
        }
        try list.setStatus(status.rawValue, at: reference.index)
    }

    /// A freshly signed status list token.
    public func statusListToken(at requested: String) throws -> String {
        guard requested == uri else {
            throw IDCoreError(.statusListUnavailable, "No status list is published at \(requested).")
        }
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
