import Foundation
import IDCore
import Synchronization

/// A ``StatusListTokenCache`` in memory, shared by the verifiers of one process.
public final class InMemoryStatusListTokenCache: StatusListTokenCache {
    private let tokens = Mutex<[String: CachedStatusListToken]>([:])

    /// An empty cache.
    public init() {}

    public func token(at uri: String) -> CachedStatusListToken? { tokens.withLock { $0[uri] } }

    public func store(_ token: CachedStatusListToken, at uri: String) {
        tokens.withLock { tokens in
            if let held = tokens[uri], held.fetchedAt >= token.fetchedAt { return }
            tokens[uri] = token
        }
    }
}
