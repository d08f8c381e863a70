import Foundation

/// `key-binding`: the presentation carries a key-binding JWT (RFC 9901 section 4.3) signed by
/// the key the credential is bound to (`cnf.jwk`), for this verifier (`aud`), over the nonce of
/// the request, recently (`iat`), covering exactly the presented disclosures (`sd_hash`); and
/// the nonce is one the verifier issued and nobody has redeemed. The nonce is redeemed last,
/// once everything else about the presentation holds.
struct KeyBindingCheck: VerificationPolicy {
    let checkName = "key-binding"
    let challenges: any ChallengeStore
    let maximumAge: TimeInterval
    let clockSkew: TimeInterval

    func evaluate(_ presentation: PresentationUnderTest) async -> CheckResult {
        let request = presentation.request
        guard let token = presentation.keyBindingJWT else {
            return .failed(.init(.keyBindingMissing, "The presentation has no key-binding JWT."))
        }
        guard let jwk = presentation.claims["cnf"]?["jwk"], let holderKey = try? VerificationKey(jwk: JSONWebKey(json: jwk)) else {
            return .failed(.init(.holderKeyMissing, "The credential names no usable holder key ('cnf.jwk')."))
        }
        let jws: CompactJWS
        do {
            jws = try CompactJWS(parsing: token)
        } catch let error as IDCoreError {
            return .failed(.init(.keyBindingMalformed, "The key-binding JWT is malformed: \(error.reason)"))
        } catch {
            return .failed(.init(.keyBindingMalformed, "The key-binding JWT is malformed."))
        }
        guard jws.type == CredentialType.keyBindingType else {
            return .failed(.init(.keyBindingMalformed, "The key-binding JWT's typ is '\(jws.type ?? "none")', not '\(CredentialType.keyBindingType)'."))
        }
        guard jws.isSignatureValid(with: holderKey) else {
            return .failed(.init(.keyBindingSignatureInvalid, "The key-binding JWT is not signed by the credential's holder key."))
        }
        guard jws.payload["aud"]?.stringValue == request.audience else {
            return .failed(.init(.audienceMismatch, "The key-binding JWT is for another audience."))
        }
        guard let presentedNonce = jws.payload["nonce"]?.stringValue, ConstantTime.equals(Array(presentedNonce.utf8), Array(request.nonce.utf8)) else {
            return .failed(.init(.nonceMismatch, "The key-binding JWT's nonce is not the one this request carries."))
        }
        guard let issuedAt = jws.payload["iat"]?.numericDate else { return .failed(.init(.keyBindingMalformed, "The key-binding JWT has no 'iat'.")) }
        if issuedAt.addingTimeInterval(-clockSkew) > presentation.now {
            return .failed(.init(.keyBindingNotFresh, "The key-binding JWT is dated in the future (\(issuedAt))."))
        }
        if issuedAt.addingTimeInterval(maximumAge + clockSkew) < presentation.now {
            return .failed(.init(.keyBindingNotFresh, "The key-binding JWT is older than \(Int(maximumAge)) s."))
        }
        guard let sdHash = jws.payload["sd_hash"]?.stringValue,
              let expected = try? presentation.hash.digest(of: presentation.presentedWithoutKeyBinding),
              sdHash == expected
        else {
            return .failed(.init(.sdHashMismatch, "The key-binding JWT's sd_hash does not match the presented SD-JWT and disclosures."))
        }
        do {
            guard try await challenges.redeem(request.nonce, at: presentation.now) else {
                return .failed(.init(.nonceNotRedeemable, "The nonce was not issued by this verifier, has expired, or was used before: the presentation may be a replay."))
            }
        } catch {
            // Fail closed: a nonce whose state cannot be learned could be presented again.
            return .failed(.init(.challengeStoreUnavailable, "The challenge store could not redeem the nonce, so a replay cannot be ruled out: \(error)"))
        }
        return .passed
    }
}
