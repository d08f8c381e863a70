import Foundation
import IDCore
import Synchronization

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
