import Foundation
import Synchronization

/// The nonces a verifier has issued to wallets, each redeemable once before it expires.
///
/// A nonce is issued by one verifier instance and may be presented at another: instances that
/// share a store (a database table keyed by the nonce) accept it once between them, and a nonce
/// no instance issued is refused. The store belongs to the verifier built once per process, not
/// to a request, so that a store per request cannot happen by accident.
///
/// A store that cannot answer throws: it never redeems a nonce it could not look up.
public protocol ChallengeStore: Sendable {
    /// Records `nonce` as issued at the caller's time `now`, redeemable until `expiry`. Throws
    /// when it cannot record it.
    func issue(_ nonce: String, at now: Date, until expiry: Date) async throws
    /// Redeems `nonce` at the caller's time `now`: true exactly once for a nonce that was issued
    /// and has not expired, false for any other. Throws when it cannot tell.
    func redeem(_ nonce: String, at now: Date) async throws -> Bool
}
