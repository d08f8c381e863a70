/// A check of the integrator's own on an mdoc (an age limit, an issuing country), run by an
/// ``MdocVerifier`` once every standard check has passed, as ``VerificationPolicy`` is for
/// SD-JWT VC.
///
/// A policy sees only what the verifier has vouched for: the elements under a trusted issuer's
/// signature with their digests checked, the device's authentication and the status done.
///
/// ```swift
/// struct AdultsOnly: MdocVerificationPolicy {
///     let checkName = "hotel-adults-only"
///     func evaluate(_ document: MdocVerificationOutcome.VerifiedDocument) async -> CheckResult {
///         (try? document.mobileDrivingLicence.ageOver[18]) == true ? .passed
///             : .failed(VerificationFailure(code: .init("hotel-adults-only"), detail: "age_over_18 is not true", messages: [:]))
///     }
/// }
/// ```
public protocol MdocVerificationPolicy: Sendable {
    /// The stable name of the check, as it appears in the outcome.
    var checkName: String { get }

    /// Evaluates the verified document.
    func evaluate(_ document: MdocVerificationOutcome.VerifiedDocument) async -> CheckResult
}
