import Foundation

/// `issuer-signature`: the issuer and key are on the trust list, the key is trusted for the
/// JWT's algorithm at its issuance time, and the signature verifies. The verifier runs it
/// before anything else acts on the credential.
struct IssuerSignatureCheck: VerificationPolicy {
    let checkName = "issuer-signature"
    let requiresIssuedAt: Bool

    func evaluate(_ presentation: PresentationUnderTest) async -> CheckResult {
        guard let issuer = presentation.issuer else { return .failed(.init(.issuerMissing, "The credential has no 'iss'.")) }
        if requiresIssuedAt, presentation.issuedAt == nil { return .failed(.init(.issuedAtMissing, "The credential has no 'iat'.")) }
        switch presentation.trustList.key(issuer: issuer, keyID: presentation.issuerJWT.keyID, algorithm: presentation.issuerJWT.algorithm, issuedAt: presentation.issuedAt) {
        case .failure(let failure):
            return .failed(failure.failure)
        case .success(let entry):
            return presentation.issuerJWT.isSignatureValid(with: entry.key)
                ? .passed : .failed(.init(.issuerSignatureInvalid, "The issuer's signature does not verify with key '\(entry.keyID)'."))
        }
    }
}
