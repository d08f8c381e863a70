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
