import Foundation

/// `issuer-signature`: the issuer and key are on the trust list, the key is trusted for the
/// JWT's algorithm at its issuance time, and the signature verifies.
public struct TrustedIssuerPolicy: VerificationPolicy {
    /// The name this check reports under in the outcome.
    public let checkName = "issuer-signature"
    /// The issuers and keys the verifier trusts.
    public let trustList: TrustList

    /// Creates the check against a trust list.
    public init(trustList: TrustList) {
        self.trustList = trustList
    }

    /// Verifies the issuer JWT's signature with a key the trust list holds for its issuer.
    public func evaluate(_ presentation: PresentationUnderTest) async -> CheckResult {
        guard let issuer = presentation.issuer, let issuedAt = presentation.issuedAt else {
            return .failed(reason: "The credential has no 'iss' or 'iat'.")
        }
        switch trustList.key(issuer: issuer, keyID: presentation.issuerJWT.keyID, algorithm: presentation.issuerJWT.algorithm, issuedAt: issuedAt) {
        case .failure(let failure):
            return .failed(reason: failure.reason)
        case .success(let entry):
            return presentation.issuerJWT.isSignatureValid(with: entry.key)
                ? .passed : .failed(reason: "The issuer's signature does not verify with key '\(entry.keyID)'.")
        }
    }
}

/// `credential-type`: the JOSE `typ` is `dc+sd-jwt` and `vct` is one the verifier accepts.
public struct CredentialTypePolicy: VerificationPolicy {
    /// The name this check reports under in the outcome.
    public let checkName = "credential-type"
    /// The `vct` values accepted.
    public let acceptedTypes: Set<String>

    /// Creates the check accepting the given `vct` values.
    public init(accepting types: Set<String>) {
        acceptedTypes = types
    }

    /// Fails when the credential's `vct` is missing or not accepted.
    public func evaluate(_ presentation: PresentationUnderTest) async -> CheckResult {
        guard presentation.header["typ"]?.stringValue == CredentialType.sdJWTType else {
            return .failed(reason: "The JWT typ is '\(presentation.header["typ"]?.stringValue ?? "none")', not '\(CredentialType.sdJWTType)'.")
        }
        guard let type = presentation.credentialType else { return .failed(reason: "The credential has no 'vct'.") }
        return acceptedTypes.contains(type) ? .passed : .failed(reason: "Credential type '\(type)' is not accepted here.")
    }
}

/// `required-claims`: every claim the verifier needs was disclosed (or is in plain view).
public struct RequiredClaimsPolicy: VerificationPolicy {
    /// The name this check reports under in the outcome.
    public let checkName = "required-claims"
    /// The claims that must be disclosed.
    public let required: [ClaimPath]

    /// Creates the check requiring the given claims.
    public init(_ required: [ClaimPath]) {
        self.required = required
    }

    /// Fails naming every required claim that was not disclosed.
    public func evaluate(_ presentation: PresentationUnderTest) async -> CheckResult {
        let missing = required.filter { JSONValue.object(presentation.claims).value(at: $0) == nil }
        return missing.isEmpty ? .passed : .failed(reason: "Required claims not disclosed: \(missing.map(\.description).joined(separator: ", ")).")
    }
}

/// `validity-period`: now lies between `nbf` and `exp`, and `iat` is not in the future, each
/// within the clock skew.
public struct ValidityPeriodPolicy: VerificationPolicy {
    /// The name this check reports under in the outcome.
    public let checkName = "validity-period"
    /// The tolerance, in seconds, allowed between the issuer's clock and the verifier's.
    public let clockSkew: TimeInterval

    /// Creates the check with a clock skew tolerance (60 seconds by default).
    public init(clockSkew: TimeInterval = 60) {
        self.clockSkew = clockSkew
    }

    /// Fails when the credential is not yet valid or has expired, allowing for clock skew.
    public func evaluate(_ presentation: PresentationUnderTest) async -> CheckResult {
        let now = presentation.now
        guard let expiresAt = presentation.expiresAt else { return .failed(reason: "The credential has no 'exp'.") }
        if expiresAt.addingTimeInterval(clockSkew) < now { return .failed(reason: "The credential expired at \(expiresAt).") }
        if let notBefore = presentation.notBefore, notBefore.addingTimeInterval(-clockSkew) > now {
            return .failed(reason: "The credential is not valid before \(notBefore).")
        }
        if let issuedAt = presentation.issuedAt, issuedAt.addingTimeInterval(-clockSkew) > now {
            return .failed(reason: "The credential claims to be issued in the future (\(issuedAt)).")
        }
        return .passed
    }
}

/// `credential-status`: the credential's entry in its issuer's status list.
public struct StatusPolicy: VerificationPolicy {
    /// What to do when the status cannot be learned.
    public enum UnknownStatus: Sendable {
        /// Refuse the credential (the safe default for a hotel or a bank).
        case reject
        /// Accept it, reporting the check as not done.
        case accept
    }

    /// The name this check reports under in the outcome.
    public let checkName = "credential-status"
    /// Fetches and caches the status lists the credentials point to.
    public let resolver: StatusListResolver
    /// What to do when the status cannot be learned.
    public let onUnknown: UnknownStatus

    /// Creates the check; by default a credential whose status cannot be learned is refused.
    public init(resolver: StatusListResolver, onUnknown: UnknownStatus = .reject) {
        self.resolver = resolver
        self.onUnknown = onUnknown
    }

    /// Looks the credential up in its status list; revoked and suspended fail with that reason.
    public func evaluate(_ presentation: PresentationUnderTest) async -> CheckResult {
        guard let claim = presentation.claims["status"] else { return .notChecked(reason: "The credential carries no status.") }
        guard let reference = StatusListReference(claim: claim) else {
            return .failed(reason: "The credential's 'status' claim is not a status list reference.")
        }
        switch await resolver.status(of: reference) {
        case .valid: return .passed
        case .revoked: return .failed(reason: "The credential has been revoked.")
        case .suspended: return .failed(reason: "The credential is suspended.")
        case .other(let value): return .failed(reason: "The credential has status \(value).")
        case .unknown(let reason):
            return onUnknown == .reject
                ? .failed(reason: "The credential's status is unknown: \(reason)")
                : .notChecked(reason: "The credential's status is unknown: \(reason)")
        }
    }
}

/// `claim-values`: the disclosed values of a virtual ID card or social-security card decode
/// into their types (a valid identity number, a known division, a real date), so that an
/// issuer that signed an invalid value is caught here rather than by the integrator.
public struct ClaimValuesPolicy: VerificationPolicy {
    /// The name this check reports under in the outcome.
    public let checkName = "claim-values"

    /// Creates the check.
    public init() {}

    /// Decodes the disclosed claims into their typed view; a value that does not decode fails.
    public func evaluate(_ presentation: PresentationUnderTest) async -> CheckResult {
        let claims = DisclosedClaims(all: presentation.claims, disclosedPaths: presentation.disclosedPaths)
        do {
            switch claims.credentialType {
            case CredentialType.virtualIDCard: _ = try claims.virtualIDCard
            case CredentialType.socialSecurityCard: _ = try claims.socialSecurityCard
            default: return .notChecked(reason: "No typed view for credential type '\(claims.credentialType ?? "none")'.")
            }
            return .passed
        } catch let error as IDCoreError {
            return .failed(reason: error.reason)
        } catch {
            return .failed(reason: "A disclosed value has the wrong JSON type.")
        }
    }
}

extension JSONValue {
    /// The value at `path`, following object members and array indexes.
    func value(at path: ClaimPath) -> JSONValue? {
        path.components.reduce(Optional(self)) { value, component in
            switch component {
            case .claim(let name): value?[name]
            case .element(let index): value?.arrayValue.flatMap { $0.indices.contains(index) ? $0[index] : nil }
            case .anyElement: value?.arrayValue?.first
            }
        }
    }
}
