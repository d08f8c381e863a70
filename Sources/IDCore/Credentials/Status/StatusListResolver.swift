import Foundation

/// The verifier side of revocation: fetches status list tokens, checks that a trusted issuer
/// signed them, and caches the lists as long as the tokens allow.
///
/// - One fetch per URI at a time: every lookup that arrives while a list is being fetched waits
///   for that fetch (fifty verifications on a cold cache make one request, not fifty).
/// - A list is reused until the earliest of its token's `exp`, its `iat` plus `ttl`, and the
///   configured maximum cache age.
/// - Stale-if-error: when the location cannot be reached or answers with something that does
///   not verify, a list past its cache time answers for up to `staleIfErrorAge` more seconds,
///   never past its token's `exp`.
/// - A cached list is used only while the trust list in force still trusts the key that signed
///   it; otherwise it is fetched again.
/// - With a shared ``StatusListTokenCache``, a list not cached here is first looked for there
///   (and verified as if just fetched), and every token fetched is stored there: instances of a
///   verifier fetch a list once between them, and a restarted one can answer stale-if-error.
///
/// A list that cannot be fetched, verified or read yields ``CredentialStatus/unknown(reason:)``,
/// never "valid" and never "revoked"; the verifier's options decide what unknown means.
public actor StatusListResolver {
    private struct CachedList {
        let list: StatusList
        let fresh: Date
        let tokenExpiry: Date
        let issuer: String
        let keyID: String
    }

    private let source: any StatusListSource
    private let sharedCache: (any StatusListTokenCache)?
    private let maximumCacheAge: TimeInterval
    private let staleIfErrorAge: TimeInterval
    private let clockSkew: TimeInterval
    private let clock: @Sendable () -> Date
    private var cache: [String: CachedList] = [:]
    private var inFlight: [String: Task<CachedList, any Error>] = [:]

    /// - Parameters:
    ///   - sharedCache: tokens shared with the verifier's other instances, if any.
    ///   - maximumCacheAge: the longest a list is reused, even if its token allows longer.
    ///   - staleIfErrorAge: how long past its cache time a list may answer while fetching fails.
    ///   - clockSkew: tolerance on the token's expiry.
    public init(
        source: any StatusListSource, sharedCache: (any StatusListTokenCache)? = nil, maximumCacheAge: TimeInterval = 300,
        staleIfErrorAge: TimeInterval = 0, clockSkew: TimeInterval = 60, clock: @escaping @Sendable () -> Date = Date.init
    ) {
        self.source = source
        self.sharedCache = sharedCache
        self.maximumCacheAge = maximumCacheAge
        self.staleIfErrorAge = staleIfErrorAge
        self.clockSkew = clockSkew
        self.clock = clock
    }

    /// The status of the credential at `reference`, by lists that `trustList` trusts.
    public func status(of reference: StatusListReference, trustList: TrustList) async -> CredentialStatus {
        let now = clock()
        let cached = cache[reference.uri].flatMap { trustList.stillTrusts(issuer: $0.issuer, keyID: $0.keyID) ? $0 : nil }
        let list: StatusList
        if let cached, cached.fresh > now {
            list = cached.list
        } else {
            do {
                let fetched = try await fetch(reference.uri, trustList: trustList)
                // A fetch joined from a verification that began under an older trust list.
                guard trustList.stillTrusts(issuer: fetched.issuer, keyID: fetched.keyID) else {
                    return .unknown(reason: "The status list at \(reference.uri) is signed by a key the trust list no longer holds.")
                }
                list = fetched.list
            } catch {
                let reason = (error as? IDCoreError)?.reason ?? "The status list at \(reference.uri) could not be fetched: \(error)"
                guard let cached, now <= cached.fresh.addingTimeInterval(staleIfErrorAge),
                      now <= cached.tokenExpiry.addingTimeInterval(clockSkew)
                else { return .unknown(reason: reason) }
                list = cached.list
            }
        }
        do {
            return CredentialStatus(value: try list.status(at: reference.index))
        } catch {
            return .unknown(reason: (error as? IDCoreError)?.reason ?? "\(error)")
        }
    }

    /// Fetches and verifies the list at `uri` (from the shared cache while it is fresh there),
    /// joining a fetch already under way.
    private func fetch(_ uri: String, trustList: TrustList) async throws -> CachedList {
        if let running = inFlight[uri] { return try await running.value }
        let (source, sharedCache) = (source, sharedCache)
        let (skew, maximumAge, staleAge, clock) = (clockSkew, maximumCacheAge, staleIfErrorAge, clock)
        let verify = { (token: CachedStatusListToken, now: Date) throws -> CachedList in
            let verified = try StatusListToken.verify(token.token, uri: uri, trustList: trustList, now: now, clockSkew: skew)
            return CachedList(list: verified.list, fresh: min(verified.fresh, token.fetchedAt.addingTimeInterval(maximumAge)),
                              tokenExpiry: verified.expires, issuer: verified.issuer, keyID: verified.keyID)
        }
        let task = Task<CachedList, any Error> {
            // A shared cache that cannot answer, or holds a token that no longer verifies, is a miss.
            let shared = try? await sharedCache?.token(at: uri).map { try verify($0, clock()) }
            if let shared, shared.fresh > clock() { return shared }
            do {
                let fetched = CachedStatusListToken(token: try await source.statusListToken(at: uri), fetchedAt: clock())
                let list = try verify(fetched, fetched.fetchedAt)
                try? await sharedCache?.store(fetched, at: uri)
                return list
            } catch {
                let now = clock()
                guard let shared, now <= shared.fresh.addingTimeInterval(staleAge), now <= shared.tokenExpiry.addingTimeInterval(skew) else { throw error }
                return shared
            }
        }
        inFlight[uri] = task
        defer { inFlight[uri] = nil }
        let fetched = try await task.value
        cache[uri] = fetched
        return fetched
    }

    /// Forgets every cached list, so the next check fetches afresh.
    public func clearCache() {
        cache.removeAll()
    }
}
