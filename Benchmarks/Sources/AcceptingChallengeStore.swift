import Foundation
import IDCore

/// A challenge store that redeems every nonce: the benchmark verifies one presentation many
/// times, which a real store would refuse from the second time on.
struct AcceptingChallengeStore: ChallengeStore {
    func issue(_ nonce: String, at now: Date, until expiry: Date) async throws {}
    func redeem(_ nonce: String, at now: Date) async throws -> Bool { true }
}
