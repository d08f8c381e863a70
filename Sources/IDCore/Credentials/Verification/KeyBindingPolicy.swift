import Foundation

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
        guard await nonceStore.consume(nonce, at: presentation.now, until: presentation.now.addingTimeInterval(maximumAge + 2 * clockSkew)) else {
            return .failed(reason: "The nonce has been used before: this presentation is a replay.")
        }
        return .passed
    }
}

/// Remembers nonces a verifier has accepted, for as long as a presentation using them could
/// still be fresh.
public protocol NonceStore: Sendable {
    /// Records `nonce` at the verifier's time `now`, to be remembered until `expiry`; returns
    /// false if it is already recorded and not yet expired.
    func consume(_ nonce: String, at now: Date, until expiry: Date) async -> Bool
}

/// An in-memory ``NonceStore`` for one verifier process. Expired nonces are pruned whenever the
/// store has doubled since the last pruning, so the cost stays constant per call.
public actor InMemoryNonceStore: NonceStore {
    private var expiries: [String: Date] = [:]
    private var pruneThreshold = 1024

    /// Creates an empty store.
    public init() {}

    /// Records `nonce` until `expiry`; false when it was already recorded and has not expired.
    public func consume(_ nonce: String, at now: Date, until expiry: Date) -> Bool {
        if expiries.count >= pruneThreshold {
            expiries = expiries.filter { $0.value > now }
            pruneThreshold = max(1024, 2 * expiries.count)
        }
        if let existing = expiries[nonce], existing > now { return false }
        expiries[nonce] = expiry
        return true
    }
}
