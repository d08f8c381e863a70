import Foundation
import Synchronization

/// Remembers nonces a receiver has accepted, for as long as a message using them could still
/// be fresh: the replay protection of a party that does not choose the nonces it is sent (the
/// platform gateway of `SocialSecurity`). A verifier that issues its own nonces uses a
/// ``ChallengeStore`` instead.
///
/// A store that cannot answer (a database that is down, a memory store that is full) throws:
/// it never answers "new" for a nonce it could not record, nor "used" for one it could not
/// look up, so an outage is seen as an outage and not as a replay or an acceptance.
public protocol NonceStore: Sendable {
    /// Records `nonce` at the caller's time `now`, to be remembered until `expiry`; returns
    /// false if it is already recorded and not yet expired. Throws when it cannot tell.
    func consume(_ nonce: String, at now: Date, until expiry: Date) async throws -> Bool
}

/// An in-memory ``NonceStore`` for one process. Expired nonces are pruned whenever the store
/// has doubled since the last pruning, so the cost stays constant per call; at `capacity`
/// unexpired nonces it refuses new ones (`store-unavailable`) rather than forget one that could
/// still be replayed.
///
/// Its state sits behind a lock rather than in an actor: every signed message consumes a nonce,
/// and a lock held for a dictionary lookup costs less than a hop to an actor's executor.
public final class InMemoryNonceStore: NonceStore {
    private struct State {
        var expiries: [String: Date] = [:]
        var pruneThreshold = 1024
    }

    private let state = Mutex(State())
    private let capacity: Int

    /// Creates an empty store holding at most `capacity` unexpired nonces.
    public init(capacity: Int = 1_000_000) {
        self.capacity = max(1, capacity)
    }

    /// Records `nonce` until `expiry`; false when it was already recorded and has not expired.
    public func consume(_ nonce: String, at now: Date, until expiry: Date) throws -> Bool {
        try state.withLock { state in
            if state.expiries.count >= min(state.pruneThreshold, capacity) {
                state.expiries = state.expiries.filter { $0.value > now }
                state.pruneThreshold = max(1024, 2 * state.expiries.count)
            }
            if let existing = state.expiries[nonce], existing > now { return false }
            guard state.expiries.count < capacity || state.expiries[nonce] != nil else {
                throw IDCoreError(.storeUnavailable, "The nonce store holds \(capacity) unexpired nonces, its capacity; none can be recorded until some expire.")
            }
            state.expiries[nonce] = expiry
            return true
        }
    }
}
