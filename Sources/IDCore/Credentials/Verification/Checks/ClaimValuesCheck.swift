/// `claim-values`: the disclosed values of a virtual ID card or social-security card decode
/// into their types (a valid identity number, a known division, a real date), so that an
/// issuer that signed an invalid value is caught here rather than by the integrator.
struct ClaimValuesCheck: VerificationPolicy {
    let checkName = "claim-values"

    func evaluate(_ presentation: PresentationUnderTest) async -> CheckResult {
        let claims = DisclosedClaims(all: presentation.claims, disclosedPaths: presentation.disclosedPaths, verifiedAt: presentation.now)
        do {
            switch claims.credentialType {
            case CredentialType.virtualIDCard: _ = try claims.virtualIDCard
            case CredentialType.socialSecurityCard: _ = try claims.socialSecurityCard
            default: return .notChecked(reason: "No typed view for credential type '\(claims.credentialType ?? "none")'.")
            }
            return .passed
        } catch {
            return .failed(.init(.claimValueInvalid, (error as? IDCoreError)?.reason ?? "A disclosed value does not fit its type."))
        }
    }
}
