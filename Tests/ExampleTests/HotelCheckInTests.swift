import HotelCheckInKit
import Testing

@Suite("HotelCheckIn example: every scenario's decision and reason")
struct HotelCheckInTests {
    static let expectations: [(CheckInScenario, CheckInReport.Decision, String)] = [
        (.normalGuest, .checkedIn, "Identity, liveness and face verified."),
        (.impostorFace, .refused, "face does not match"),
        (.photoAttack, .refused, "Liveness check failed"),
        (.expiredCard, .refused, "The credential has expired. 该电子证照已过期。 [expired]"),
        (.revokedCard, .refused, "[revoked]"),
        (.replayedPresentation, .refused, "[nonce-not-redeemable]"),
        (.tamperedPresentation, .refused, "[presentation-malformed]"),
        (.nationalIssuer, .checkedIn, "Identity, liveness and face verified."),
    ]

    @Test("Each scenario ends with its decision and the reason a clerk would read", arguments: expectations)
    func scenario(_ scenario: CheckInScenario, decision: CheckInReport.Decision, reason: String) async throws {
        let report = try await HotelDesk().checkIn(scenario)
        #expect(report.decision == decision, "\(report.reason)")
        #expect(report.reason.contains(reason), "\(report.reason)")
        if decision == .checkedIn {
            let registration = try #require(report.registration)
            #expect(registration.contains("440115********"))
            #expect(!registration.contains("4401151990"))
        }
    }
}
