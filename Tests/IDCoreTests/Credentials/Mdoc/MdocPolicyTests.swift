import Foundation
import IDCore
import Testing

@Suite("mdoc integrator policies: run last, on verified elements only")
struct MdocPolicyTests {
    /// Refuses a licence whose holder is not shown to be 18 or over.
    struct AdultsOnly: MdocVerificationPolicy {
        static let code = VerificationFailure.Code("hotel-adults-only")
        let checkName = "hotel-adults-only"

        func evaluate(_ document: MdocVerificationOutcome.VerifiedDocument) async -> CheckResult {
            (try? document.mobileDrivingLicence.ageOver[18]) == true
                ? .passed : .failed(VerificationFailure(code: Self.code, detail: "age_over_18 was not disclosed as true", messages: [.english: "Guests must be adults."]))
        }
    }

    static func verifier(_ fixture: MdocFixture) throws -> MdocVerifier {
        MdocVerifier(trust: try IACATrust(anchors: [fixture.authority.iaca]), acceptedDocTypes: [MdocFixture.docType], policies: [AdultsOnly()],
                     clock: { MdocFixture.now })
    }

    @Test("A policy passes, refuses with its own code and message, and is reported not checked after an earlier failure")
    func adultsOnly() async throws {
        let fixture = try MdocFixture()
        let verifier = try Self.verifier(fixture)
        let accepted = await verifier.verify(try fixture.response().encoded(), for: MdocFixture.request())
        #expect(accepted.isAccepted && accepted.result(of: "hotel-adults-only") == .passed)

        let withheld = await verifier.verify(try fixture.response(disclosing: ["family_name"]).encoded(), for: MdocFixture.request(["family_name"]))
        #expect(!withheld.isAccepted && withheld.failureReasons.map(\.code) == [AdultsOnly.code])
        #expect(withheld.failureReasons.first?.message(in: .english) == "Guests must be adults.")

        let otherSession = MdocRequest(docType: MdocFixture.docType, requiredElements: [:], sessionTranscript: [.null, .null, "other"])
        let forged = await verifier.verify(try fixture.response().encoded(), for: otherSession)
        #expect(forged.result(of: "hotel-adults-only") == .notChecked(reason: "an earlier check failed"))
        let unreadable = await verifier.verify([0xFF], for: MdocFixture.request())
        #expect(unreadable.checks.last?.name == "hotel-adults-only")
    }
}
