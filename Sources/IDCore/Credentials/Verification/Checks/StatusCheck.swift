/// `credential-status`: the credential's entry in its issuer's status list, fetched only from
/// a location the trust list allows for that issuer.
struct StatusCheck: VerificationPolicy {
    let checkName = "credential-status"
    let resolver: StatusListResolver?
    let onUnknown: CredentialVerifier.Options.UnknownStatus

    func evaluate(_ presentation: PresentationUnderTest) async -> CheckResult {
        guard let claim = presentation.claims["status"] else { return .notChecked(reason: "The credential carries no status.") }
        guard let reference = StatusListReference(claim: claim) else {
            return .failed(.init(.statusMalformed, "The credential's 'status' claim is not a status list reference."))
        }
        guard let issuer = presentation.issuer, presentation.trustList.allowsStatusList(at: reference.uri, for: issuer) else {
            return .failed(.init(.statusLocationNotAllowed, "The status list location is not one the trust list allows for this issuer; it was not fetched."))
        }
        guard let resolver else { return unknown("this verifier has no status list source") }
        switch await resolver.status(of: reference, trustList: presentation.trustList) {
        case .valid: return .passed
        case .revoked: return .failed(.init(.revoked, "The credential has been revoked."))
        case .suspended: return .failed(.init(.suspended, "The credential is suspended."))
        case .other(let value): return .failed(.init(.otherStatus, "The credential has status \(value)."))
        case .unknown(let reason): return unknown(reason)
        }
    }

    private func unknown(_ reason: String) -> CheckResult {
        onUnknown == .reject
            ? .failed(.init(.statusUnknown, "The credential's status is unknown: \(reason)"))
            : .notChecked(reason: "The credential's status is unknown: \(reason)")
    }
}
