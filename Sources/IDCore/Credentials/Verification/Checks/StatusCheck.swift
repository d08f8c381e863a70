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
        guard let resolver else { return Self.result(of: .unknown(reason: "this verifier has no status list source"), onUnknown: onUnknown) }
        return Self.result(of: await resolver.status(of: reference, trustList: presentation.trustList), onUnknown: onUnknown)
    }

    /// The check's result for a status learnt, SD-JWT VC and mdoc alike.
    static func result(of status: CredentialStatus, onUnknown: CredentialVerifier.Options.UnknownStatus) -> CheckResult {
        switch status {
        case .valid: .passed
        case .revoked: .failed(.init(.revoked, "The credential has been revoked."))
        case .suspended: .failed(.init(.suspended, "The credential is suspended."))
        case .other(let value): .failed(.init(.otherStatus, "The credential has status \(value)."))
        case .unknown(let reason):
            onUnknown == .reject
                ? .failed(.init(.statusUnknown, "The credential's status is unknown: \(reason)"))
                : .notChecked(reason: "The credential's status is unknown: \(reason)")
        }
    }
}
