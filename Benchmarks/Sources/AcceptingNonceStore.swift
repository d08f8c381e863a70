import Foundation
import IDCore

/// A nonce store that accepts every nonce: the benchmark verifies one presentation many times,
/// which a real store would rightly refuse as replays after the first. It leaves out one
/// dictionary insert per verification.
struct AcceptingNonceStore: NonceStore {
    func consume(_ nonce: String, at now: Date, until expiry: Date) async throws -> Bool { true }
}
