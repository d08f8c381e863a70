import IDCore
import Testing

/// Expects `outcome` rejected, with `check` failed for a reason that contains `text`.
func expectRejected(_ outcome: VerificationOutcome, check: String, containing text: String, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(!outcome.isAccepted, "accepted: \(outcome)", sourceLocation: sourceLocation)
    let result = outcome.result(of: check)
    guard case .failed(let failure) = result else {
        Issue.record("check \(check) did not fail: \(String(describing: result))\n\(outcome)", sourceLocation: sourceLocation)
        return
    }
    #expect(failure.detail.contains(text), "\(failure)", sourceLocation: sourceLocation)
}
