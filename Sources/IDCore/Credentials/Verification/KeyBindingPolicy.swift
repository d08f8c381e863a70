import Foundation
import Synchronization

/// `key-binding`: the presentation carries a key-binding JWT (RFC 9901 section 4.3) signed by
/// the key the credential is bound to (`cnf.jwk`), for this verifier (`aud`), over the nonce
/// it issued, recently (`iat`), covering exactly the presented disclosures (`sd_hash`); and
/// the nonce has not been used before.
public struct KeyBindingPolicy: VerificationPolicy {
    /// The name this check reports under in the outcome.
    public let checkName = "key-binding"
    /// The nonce the key-binding JWT must carry.
    public let nonce: String
    /// The audience (`aud`) the key-binding JWT must name.
    public let audience: String
    /// How old, in seconds, the key-binding JWT may be.
    public let maximumAge: TimeInterval
    /// The tolerance, in seconds, for a key-binding JWT issued in the verifier's future.
    public let clockSkew: TimeInterval
    /// Remembers used nonces, so that a presentation cannot be replayed.
    public let nonceStore: any NonceStore

    /// - Parameters:
    ///   - nonce: the nonce this verifier sent with its request.
    ///   - maximumAge: how old the key-binding JWT may be.
    ///   - nonceStore: remembers used nonces so that a presentation cannot be replayed.
    public init(nonce: String, audience: String, maximumAge: TimeInterval = 300, clockSkew: TimeInterval = 60, nonceStore: any NonceStore) {
        self.nonce = nonce
        self.audience = audience
        self.maximumAge = maximumAge
        self.clockSkew = clockSkew
        self.nonceStore = nonceStore
    }

    /// Verifies the key-binding JWT and consumes its nonce; each failure names the reason.
    public func evaluate(_ presentation: PresentationUnderTest) async -> CheckResult {
        guard let token = presentation.keyBindingJWT else {
            return .failed(reason: "The presentation has no key-binding JWT.")
        }
        guard let jwk = presentation.claims["cnf"]?["jwk"], let holderKey = try? VerificationKey(jwk: JSONWebKey(json: jwk)) else {
            return .failed(reason: "The credential names no usable holder key ('cnf.jwk').")
        }
        let jws: CompactJWS
        do {
            jws = try CompactJWS(parsing: token)
        } catch let error as IDCoreError {
            return .failed(reason: "The key-binding JWT is malformed: \(error.reason)")
        } catch {
            return .failed(reason: "The key-binding JWT is malformed.")
        }
        guard jws.type == CredentialType.keyBindingType else {
            return .failed(reason: "The key-binding JWT's typ is '\(jws.type ?? "none")', not '\(CredentialType.keyBindingType)'.")
        }
        guard jws.isSignatureValid(with: holderKey) else {
            return .failed(reason: "The key-binding JWT is not signed by the credential's holder key.")
        }
        guard jws.payload["aud"]?.stringValue == audience else {
            return .failed(reason: "The key-binding JWT is for another audience.")
        }
        guard let presentedNonce = jws.payload["nonce"]?.stringValue, ConstantTime.equals(Array(presentedNonce.utf8), Array(nonce.utf8)) else {
            return .failed(reason: "The key-binding JWT's nonce is not the one this verifier issued.")
        }
        guard let issuedAt = jws.payload["iat"]?.numericDate else { return .failed(reason: "The key-binding JWT has no 'iat'.") }
        if issuedAt.addingTimeInterval(-clockSkew) > presentation.now {
            return .failed(reason: "The key-binding JWT is dated in the future (\(issuedAt)).")
        }
        if issuedAt.addingTimeInterval(maximumAge + clockSkew) < presentation.now {
            return .failed(reason: "The key-binding JWT is older than \(Int(maximumAge)) s.")
        }
        guard let sdHash = jws.payload["sd_hash"]?.stringValue,
              let expected = try? presentation.hash.digest(of: presentation.presentedWithoutKeyBinding),
              sdHash == expected
        else {
            return .failed(reason: "The key-binding JWT's sd_hash does not match the presented SD-JWT and disclosures.")
        }
        do {
            guard try await nonceStore.consume(nonce, at: presentation.now, until: presentation.now.addingTimeInterval(maximumAge + 2 * clockSkew)) else {
                return .failed(reason: "The nonce has been used before: this presentation is a replay.")
            }
        } catch {
            // Fail closed: a nonce that cannot be recorded could be presented again.
            return .failed(reason: "The nonce store could not record the nonce, so a replay cannot be ruled out: \(error)")
        }
        return .passed
    }
}

/// Remembers nonces a verifier or a gateway has accepted, for as long as a message using them
/// could still be fresh.
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
