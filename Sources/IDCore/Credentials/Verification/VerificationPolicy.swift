import Foundation

/// A check of the integrator's own (an age limit, an issuing province), run by a
/// ``CredentialVerifier`` after its standard checks have all passed.
///
/// Each policy answers passed, failed with the reason, or not checked with the reason; a
/// presentation is accepted only if none fails. A policy sees the credential only once its
/// issuer's signature, type, validity, key binding and status have been verified.
public protocol VerificationPolicy: Sendable {
    /// The stable name of the check, as it appears in the outcome: `issuer-signature`.
    var checkName: String { get }

    /// Evaluates the presentation.
    func evaluate(_ presentation: PresentationUnderTest) async -> CheckResult
}

/// The result of one check.
public enum CheckResult: Sendable, Hashable, CustomStringConvertible {
    /// The check ran and passed.
    case passed
    /// The check ran and failed, for the reason given.
    case failed(VerificationFailure)
    /// The check could not run or did not apply, for the reason given.
    case notChecked(reason: String)

    /// Whether the check ran and failed.
    public var isFailure: Bool {
        if case .failed = self { true } else { false }
    }

    public var description: String {
        switch self {
        case .passed: "passed"
        case .failed(let failure): "failed: \(failure)"
        case .notChecked(let reason): "not checked: \(reason)"
        }
    }
}

/// What a check sees of a presentation after the structural checks: the issuer-signed JWT, the
/// claims as disclosed, the key-binding JWT and the request it answers. Nothing here is trusted
/// until the `issuer-signature` check has passed.
public struct PresentationUnderTest: Sendable {
    /// The issuer-signed JWT's header.
    public let header: JSONObject
    /// The issuer's plain claims with the disclosed claims merged in.
    public let claims: JSONObject
    /// Where each presented disclosure landed.
    public let disclosedPaths: [ClaimPath]
    /// The request the presentation answers.
    public let request: PresentationRequest
    /// The verification time, from the verifier's clock.
    public let now: Date
    /// The issuer-signed JWT, its payload handed over to ``claims``.
    let issuerJWT: CompactJWS
    let keyBindingJWT: ArraySlice<UInt8>?
    /// The presented bytes `sd_hash` covers, as received.
    let presentedWithoutKeyBinding: ArraySlice<UInt8>
    let hash: SelectiveDisclosureHash
    /// The trust list in force when this verification started: every check of one
    /// presentation sees the same one, whatever rotation happens meanwhile.
    let trustList: TrustList

    /// The issuer identifier (`iss`), if present.
    public var issuer: String? { claims["iss"]?.stringValue }
    /// The credential type (`vct`), if present.
    public var credentialType: String? { claims["vct"]?.stringValue }
    /// When the credential was issued (`iat`), if present.
    public var issuedAt: Date? { claims["iat"]?.numericDate }
    /// When the credential expires (`exp`), if present.
    public var expiresAt: Date? { claims["exp"]?.numericDate }
    /// When the credential becomes valid (`nbf`), if present.
    public var notBefore: Date? { claims["nbf"]?.numericDate }
}
