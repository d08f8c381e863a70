import Foundation

/// `validity-period`: now lies between `nbf` and `exp`, and `iat` is not in the future, each
/// within the clock skew; `exp` is required only when the verifier asks for it.
struct ValidityPeriodCheck: VerificationPolicy {
    let checkName = "validity-period"
    let clockSkew: TimeInterval
    let requiresExpiry: Bool

    func evaluate(_ presentation: PresentationUnderTest) async -> CheckResult {
        let now = presentation.now
        if let expiresAt = presentation.expiresAt {
            if expiresAt.addingTimeInterval(clockSkew) < now { return .failed(.init(.expired, "The credential expired at \(expiresAt).")) }
        } else if requiresExpiry {
            return .failed(.init(.expiryMissing, "The credential has no 'exp'."))
        }
        if let notBefore = presentation.notBefore, notBefore.addingTimeInterval(-clockSkew) > now {
            return .failed(.init(.notYetValid, "The credential is not valid before \(notBefore)."))
        }
        if let issuedAt = presentation.issuedAt, issuedAt.addingTimeInterval(-clockSkew) > now {
            return .failed(.init(.issuedInFuture, "The credential claims to be issued in the future (\(issuedAt))."))
        }
        return .passed
    }
}
