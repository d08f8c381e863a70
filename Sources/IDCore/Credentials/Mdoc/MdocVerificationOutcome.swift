import Foundation

/// The result of verifying one mdoc document: every check with its result, as for SD-JWT VC
/// (``VerificationOutcome``), and the verified elements when the document is accepted.
public struct MdocVerificationOutcome: Sendable, CustomStringConvertible {
    /// What an accepted document holds: only what every check has vouched for.
    public struct VerifiedDocument: Sendable {
        /// The document type.
        public let docType: String
        /// The disclosed elements, by namespace then element identifier.
        public let elements: [String: [String: CBORValue]]
        /// When the issuer signed the MSO and for how long it may be relied on.
        public let validityInfo: MobileSecurityObject.ValidityInfo
        /// The document signer's certificate, and the IACA it chains to.
        public let documentSigner: IACATrust.ValidatedSigner
        /// When it was verified, by the verifier's clock: the day typed views check dates against.
        public let verifiedAt: Date
        /// The elements the holder was asked for and did not return, with their error codes
        /// (18013-5 8.3.2.1.2.3: 0, data not returned): namespace, then element identifier.
        public let elementErrors: [String: [String: Int64]]
        /// The element `identifier` of `namespace`, if disclosed.
        public func element(_ identifier: String, in namespace: String) -> CBORValue? {
            elements[namespace]?[identifier]
        }
    }

    /// Every check in the order it ran, the structural `mdoc-structure` check first.
    public let checks: [VerificationOutcome.Check]
    /// The verified document; nil unless it is accepted.
    public let document: VerifiedDocument?

    /// Whether no check failed.
    public var isAccepted: Bool { document != nil }

    /// The failures of the failed checks, in the order they ran.
    public var failureReasons: [VerificationFailure] {
        checks.compactMap { check in
            if case .failed(let failure) = check.result { return failure }
            return nil
        }
    }

    /// The result of the check named `name`, if it ran.
    public func result(of name: String) -> CheckResult? {
        checks.first { $0.name == name }?.result
    }

    public var description: String {
        (["\(isAccepted ? "ACCEPTED" : "REJECTED")"] + checks.map { "  \($0)" }).joined(separator: "\n")
    }
}
