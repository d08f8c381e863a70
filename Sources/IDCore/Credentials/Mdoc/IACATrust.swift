import Foundation

/// The IACA roots an mdoc verifier trusts (ISO/IEC 18013-5 9.3.3 and Annex B), and the check
/// of an issuer's `x5chain` against them: OpenSSL's path validation (signatures, validity at
/// the given time, critical extensions), the Annex B profile of both certificates, then the
/// IACA's CRL when one is supplied.
///
/// A CRL is checked when one from the document signer's issuer is among ``revocationLists``;
/// without one the result says revocation was not checked, and ``requiresRevocationCheck``
/// turns that into a refusal. Annex B also lists the issuer alternative name and (for document
/// signers) the CRL distribution point as mandatory; certificates without them are accepted,
/// since published test IACAs omit them, and the SDK's own (``MdocCertificateProfile``) carry
/// both.
public struct IACATrust: Sendable {
    /// The trusted IACA certificates.
    public let anchors: [X509Certificate]
    /// CRLs to check document signers against; only a CRL signed by the signer's IACA and
    /// current at the time of the check counts, and a stale or forged one refuses the signer.
    public var revocationLists: [CertificateRevocationList]
    /// Whether a document signer with no CRL of its IACA at hand is refused.
    public var requiresRevocationCheck: Bool

    /// Trusts `anchors`; each must be a self-signed CA certificate.
    public init(anchors: [X509Certificate], revocationLists: [CertificateRevocationList] = [], requiresRevocationCheck: Bool = false) throws {
        if let notRoot = anchors.first(where: { !$0.isSelfIssued || $0.basicConstraints?.isCA != true }) {
            throw IDCoreError(.invalidParameter, "An IACA trust anchor is a self-signed CA certificate; \(notRoot.subject) is not.")
        }
        self.anchors = anchors
        self.revocationLists = revocationLists
        self.requiresRevocationCheck = requiresRevocationCheck
    }

    /// A document signer that passed: its certificate, the IACA it chains to, and whether a CRL
    /// was checked.
    public struct ValidatedSigner: Sendable, Hashable {
        /// The document signer certificate, first in the `x5chain`.
        public let documentSigner: X509Certificate
        /// The trusted IACA it chains to.
        public let iaca: X509Certificate
        /// Whether a CRL of the IACA was checked.
        public let revocationChecked: Bool
        /// When the same validation would pass again: both certificates valid and every CRL
        /// checked current. A verifier may reuse it for that long (``MdocVerifier`` does, for a
        /// few minutes at most).
        public let window: ClosedRange<Date>
    }

    /// Why a chain was refused.
    public struct Failure: Error, Sendable, Hashable, CustomStringConvertible {
        /// What kind of refusal this is.
        public enum Reason: String, Sendable, Hashable {
            /// The chain is empty or does not lead to a trusted IACA (a bad signature included).
            case notTrusted = "certificate-not-trusted"
            /// A certificate is expired or not yet valid at the time of the check.
            case notValidAtTime = "certificate-not-valid-at-time"
            /// A certificate breaks the Annex B profile (key usage, purpose, country, validity).
            case profile = "certificate-profile-violation"
            /// The document signer is on its IACA's CRL.
            case revoked = "certificate-revoked"
            /// No usable CRL: a stale, forged or missing one where a check is required.
            case revocationUnknown = "certificate-revocation-unknown"
        }

        /// What kind of refusal this is.
        public let reason: Reason
        /// What exactly was wrong, for the engineer reading a log.
        public let detail: String

        public var description: String { "\(reason.rawValue): \(detail)" }
    }

    /// Validates an `x5chain` (the document signer first; an IACA after it is ignored, as only
    /// a trusted copy counts) at `time`.
    public func validate(chain: [X509Certificate], at time: Date) -> Result<ValidatedSigner, Failure> {
        guard let signer = chain.first else { return .failure(Failure(reason: .notTrusted, detail: "The x5chain holds no certificate.")) }
        let path = X509PathValidation.validate(signer.handle, intermediates: chain.dropFirst().map(\.handle), anchors: anchors.map(\.handle), at: time)
        let anchorDER: [UInt8]
        switch path {
        case .failure(let failure):
            let reason: Failure.Reason = failure.isValidityPeriod ? .notValidAtTime : failure.isProfile ? .profile : .notTrusted
            return .failure(Failure(reason: reason, detail: "\(signer.subject): \(failure.reason)."))
        case .success(let der):
            anchorDER = der
        }
        guard let iaca = anchors.first(where: { $0.derRepresentation.elementsEqual(anchorDER) }), iaca != signer else {
            return .failure(Failure(reason: .notTrusted, detail: "\(signer.subject) is a trust anchor itself, not a document signer."))
        }
        if let problem = Self.iacaProblem(iaca) ?? Self.documentSignerProblem(signer, iaca: iaca) {
            return .failure(Failure(reason: .profile, detail: problem))
        }
        return revocation(of: signer, iaca: iaca, at: time).map { lists in
            let start = ([signer.notBefore, iaca.notBefore] + lists.map(\.thisUpdate)).max() ?? time
            let end = ([signer.notAfter, iaca.notAfter] + lists.map(\.nextUpdate)).min() ?? time
            return ValidatedSigner(documentSigner: signer, iaca: iaca, revocationChecked: !lists.isEmpty, window: min(start, time)...max(end, time))
        }
    }

    /// The CRLs of the IACA that were checked, or why the signer is refused: revoked by a
    /// usable CRL, or only unusable CRLs of its IACA at hand (a stale or forged list never
    /// counts as a clean one), or none where a check is required.
    private func revocation(of signer: X509Certificate, iaca: X509Certificate, at time: Date) -> Result<[CertificateRevocationList], Failure> {
        // Each list's signature is checked once.
        let checked = revocationLists.filter { $0.issuer == iaca.subject }.map { (list: $0, problem: $0.problem(issuedBy: iaca, at: time)) }
        let usable = checked.filter { $0.problem == nil }.map(\.list)
        if usable.contains(where: { $0.lists(signer) }) {
            return .failure(Failure(reason: .revoked, detail: "\(signer.subject) is on the CRL of \(iaca.subject)."))
        }
        if usable.isEmpty, let problem = checked.first?.problem {
            return .failure(Failure(reason: .revocationUnknown, detail: problem))
        }
        if usable.isEmpty, requiresRevocationCheck {
            return .failure(Failure(reason: .revocationUnknown, detail: "No CRL of \(iaca.subject) is at hand and a revocation check is required."))
        }
        return .success(usable)
    }

    /// Extensions Annex B forbids in IACA and document signer certificates.
    private static let forbiddenExtensions = [
        X509Extension.Identifier.policyMappings: "policy mappings", X509Extension.Identifier.nameConstraints: "name constraints",
        X509Extension.Identifier.policyConstraints: "policy constraints", X509Extension.Identifier.inhibitAnyPolicy: "inhibit anyPolicy",
        X509Extension.Identifier.freshestCRL: "freshest CRL",
    ]

    private static func forbiddenExtension(_ certificate: X509Certificate) -> String? {
        certificate.extensions.lazy.compactMap { forbiddenExtensions[$0.oid] }.first.map { "\(certificate.subject) carries a \($0) extension, which Annex B forbids." }
    }

    private static func iacaProblem(_ iaca: X509Certificate) -> String? {
        if let forbidden = forbiddenExtension(iaca) { return forbidden }
        guard iaca.basicConstraints?.isCA == true, iaca.basicConstraints?.pathLength == 0 else {
            return "IACA \(iaca.subject) is not a CA with path length 0."
        }
        guard let usage = iaca.keyUsage, usage.contains([.keyCertSign, .cRLSign]), usage.subtracting([.keyCertSign, .cRLSign]).isEmpty else {
            return "IACA \(iaca.subject) key usage is not exactly keyCertSign and cRLSign."
        }
        guard iaca.subject.country != nil else { return "IACA \(iaca.subject) names no single country (C)." }
        return nil
    }

    private static func documentSignerProblem(_ signer: X509Certificate, iaca: X509Certificate) -> String? {
        if let forbidden = forbiddenExtension(signer) { return forbidden }
        guard signer.basicConstraints?.isCA != true else { return "Document signer \(signer.subject) is a CA." }
        guard signer.keyUsage == .digitalSignature, signer.extensions.contains(where: { $0.oid == X509Extension.Identifier.keyUsage && $0.isCritical }) else {
            return "Document signer \(signer.subject) key usage is not a critical digitalSignature alone."
        }
        guard signer.extendedKeyUsage?.contains(MdocCertificateProfile.documentSignerPurpose) == true else {
            return "Document signer \(signer.subject) lacks the extended key usage id-mdl-kp-mdlDS (\(MdocCertificateProfile.documentSignerPurpose))."
        }
        guard signer.notAfter.timeIntervalSince(signer.notBefore) <= MdocCertificateProfile.documentSignerMaximumValidity else {
            return "Document signer \(signer.subject) is valid for more than 457 days."
        }
        guard let country = signer.subject.country, country == iaca.subject.country else {
            return "Document signer country \(signer.subject.country ?? "none") is not its IACA's, \(iaca.subject.country ?? "none")."
        }
        let states = (signer.subject.values(of: X509Name.AttributeType.stateOrProvince), iaca.subject.values(of: X509Name.AttributeType.stateOrProvince))
        guard states.0 == states.1 else { return "Document signer state or province \(states.0) is not its IACA's, \(states.1)." }
        if let authority = signer.authorityKeyIdentifier, let subjectKey = iaca.subjectKeyIdentifier, authority != subjectKey {
            return "Document signer \(signer.subject) names another authority key than its IACA's."
        }
        return nil
    }
}
