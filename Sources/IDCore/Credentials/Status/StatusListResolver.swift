import Foundation

/// The verifier side of revocation: fetches status list tokens, checks that a trusted issuer
/// signed them, and caches the lists for a configurable time.
///
/// A list that cannot be fetched, verified or read yields ``CredentialStatus/unknown(reason:)``,
/// never "valid" and never "revoked"; the verification policy decides what unknown means.
public actor StatusListResolver {
    private struct CachedList {
        let list: StatusList
        let expires: Date
    }

    private let source: any StatusListSource
    private let trustList: TrustList
    private let maximumCacheAge: TimeInterval
    private let clockSkew: TimeInterval
    private let clock: @Sendable () -> Date
    private var cache: [String: CachedList] = [:]

    /// - Parameters:
    ///   - maximumCacheAge: the longest a list is reused, even if its token allows longer.
    ///   - clockSkew: tolerance on the token's expiry.
    public init(
        source: any StatusListSource, trustList: TrustList, maximumCacheAge: TimeInterval = 300,
        clockSkew: TimeInterval = 60, clock: @escaping @Sendable () -> Date = Date.init
    ) {
        self.source = source
        self.trustList = trustList
        self.maximumCacheAge = maximumCacheAge
        self.clockSkew = clockSkew
        self.clock = clock
    }

    /// The status of the credential at `reference`.
    public func status(of reference: StatusListReference) async -> CredentialStatus {
        let now = clock()
        let list: StatusList
        if let cached = cache[reference.uri], cached.expires > now {
            list = cached.list
        } else {
            do {
                let token = try await source.statusListToken(at: reference.uri)
                let verified = try StatusListToken.verify(token, uri: reference.uri, trustList: trustList, now: now, clockSkew: clockSkew)
                cache[reference.uri] = CachedList(list: verified.list, expires: min(verified.expires, now.addingTimeInterval(maximumCacheAge)))
                list = verified.list
            } catch let error as IDCoreError {
                return .unknown(reason: error.reason)
            } catch {
                return .unknown(reason: "The status list at \(reference.uri) could not be fetched: \(error)")
            }
        }
        do {
            return CredentialStatus(value: try list.status(at: reference.index))
        } catch let error as IDCoreError {
            return .unknown(reason: error.reason)
        } catch {
            return .unknown(reason: "\(error)")
        }
    }

    /// Forgets every cached list, so the next check fetches afresh.
    public func clearCache() {
        cache.removeAll()
    }
}
