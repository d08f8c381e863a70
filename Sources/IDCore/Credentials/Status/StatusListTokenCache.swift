import Foundation

/// Status list tokens shared by the instances of a verifier, so that a list fetched by one is
/// reused by the others and by an instance that restarts, within the token's own lifetime.
///
/// It holds tokens, not conclusions: the ``StatusListResolver`` verifies a cached token against
/// the trust list in force every time it takes one from here, exactly as one just fetched, so
/// what the cache holds is never trusted for being there. A cache that cannot answer throws;
/// the resolver then fetches from the source, as a cache miss.
public protocol StatusListTokenCache: Sendable {
    /// The token last stored for `uri`, if any.
    func token(at uri: String) async throws -> CachedStatusListToken?

    /// Keeps `token` for `uri`, unless a token fetched later is already there.
    func store(_ token: CachedStatusListToken, at uri: String) async throws
}

/// A status list token as a verifier fetched it.
public struct CachedStatusListToken: Sendable, Hashable {
    /// The signed token, as fetched.
    public let token: String
    /// When it was fetched: its cache age counts from here.
    public let fetchedAt: Date

    /// Creates a cached token.
    public init(token: String, fetchedAt: Date) {
        self.token = token
        self.fetchedAt = fetchedAt
    }
}
