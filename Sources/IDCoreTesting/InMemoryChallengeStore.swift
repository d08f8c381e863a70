import Foundation
import IDCore
import Synchronization

/// A ``ChallengeStore`` in one process's memory, for a verifier that runs as one instance.
/// Expired nonces are pruned whenever the store has doubled since the last pruning; at
/// `capacity` outstanding nonces it refuses to issue more (`store-unavailable`).
public final class InMemoryChallengeStore: ChallengeStore {
    private struct State {
        var outstanding: [String: Date] = [:]
        var pruneThreshold = 1024
    }

    private let state = Mutex(State())
    private let capacity: Int

    /// Creates an empty store holding at most `capacity` outstanding nonces.
    public init(capacity: Int = 1_000_000) {
        self.capacity = max(1, capacity)
    }

    /// Records `nonce` until `expiry`; an outstanding nonce issued again keeps the later expiry.
    public func issue(_ nonce: String, at now: Date, until expiry: Date) throws {
        try state.withLock { state in
            if state.outstanding.count >= min(state.pruneThreshold, capacity) {
                state.outstanding = state.outstanding.filter { $0.value > now }
                state.pruneThreshold = max(1024, 2 * state.outstanding.count)
            }
            guard state.outstanding.count < capacity || state.outstanding[nonce] != nil else {
                throw IDCoreError(.storeUnavailable, "The challenge store holds \(capacity) outstanding nonces, its capacity; none can be issued until some are redeemed or expire.")
            }
            state.outstanding[nonce] = max(expiry, state.outstanding[nonce] ?? expiry)
        }
    }

    /// True once for an issued nonce that has not expired; the nonce is then gone.
    public func redeem(_ nonce: String, at now: Date) -> Bool {
        state.withLock { state in
            guard let expiry = state.outstanding.removeValue(forKey: nonce) else { return false }
            return expiry > now
        }
    }
}
