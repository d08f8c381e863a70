/// The result of verifying a presentation: every check with its result, and the disclosed
/// claims, decoded, when the presentation is accepted.
///
/// A hotel desk shows ``failures`` to the clerk; an auditor logs ``checks`` to see what ran.
public struct VerificationOutcome: Sendable, CustomStringConvertible {
    /// One named check and its result.
    public struct Check: Sendable, Hashable, CustomStringConvertible {
        /// The check's name, for example `key-binding`.
        public let name: String
        /// Whether it passed, failed with a reason, or was not done.
        public let result: CheckResult

        /// Whether the check ran and failed.
        public var failed: Bool { result.isFailure }

        public var description: String { "\(name): \(result)" }
    }

    /// Every check in the order it ran, the structural `sd-jwt-structure` check first.
    public let checks: [Check]
    /// The disclosed claims; nil unless the presentation is accepted.
    public let claims: DisclosedClaims?

    /// Whether no check failed.
    public var isAccepted: Bool { claims != nil }

    /// The reasons of the failed checks, as `check: detail`, for a log.
    public var failures: [String] {
        checks.compactMap { check in
            if case .failed(let failure) = check.result { return "\(check.name): \(failure.detail)" }
            return nil
        }
    }

    /// The failures of the failed checks, in the order they ran: codes for programs, messages
    /// for the desk's screen.
    public var failureReasons: [VerificationFailure] {
        checks.compactMap { check in
            if case .failed(let failure) = check.result { return failure }
            return nil
        }
    }

    /// The reasons of the checks that were not made.
    public var warnings: [String] {
        checks.compactMap { check in
            if case .notChecked(let reason) = check.result { return "\(check.name): \(reason)" }
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
