/// `credential-type`: the JOSE `typ` is `dc+sd-jwt` (or, when allowed, the older `vc+sd-jwt`)
/// and `vct` is one the verifier accepts.
struct CredentialTypeCheck: VerificationPolicy {
    let checkName = "credential-type"
    let acceptedTypes: Set<String>
    let acceptsLegacyMediaType: Bool

    func evaluate(_ presentation: PresentationUnderTest) async -> CheckResult {
        let mediaType = presentation.header["typ"]?.stringValue
        guard mediaType == CredentialType.sdJWTType || (acceptsLegacyMediaType && mediaType == CredentialType.legacySDJWTType) else {
            return .failed(.init(.mediaTypeNotAccepted, "The JWT typ is '\(mediaType ?? "none")', not '\(CredentialType.sdJWTType)'."))
        }
        guard let type = presentation.credentialType else { return .failed(.init(.credentialTypeMissing, "The credential has no 'vct'.")) }
        return acceptedTypes.contains(type) ? .passed : .failed(.init(.credentialTypeNotAccepted, "Credential type '\(type)' is not accepted here."))
    }
}
