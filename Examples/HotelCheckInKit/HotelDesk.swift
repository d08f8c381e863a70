import FaceMatch
import Foundation
import IDCore
import IDCoreTesting

/// The 2018 Guangzhou Nansha pilot as code: an identity authority enrols a guest's virtual ID
/// card, the front desk asks for name, ID number and portrait with a liveness challenge, the
/// wallet presents only those, and the desk verifies the credential, the liveness session and
/// the face, then registers the guest with the ID number masked.
public struct HotelDesk: Sendable {
    public static let audience = "hotel-guangzhou-nansha-desk-3"
    public static let issuer = "https://id.gz.gov.cn"
    public static let nationalIssuer = "https://id.mps.gov.cn"

    private let faceModel: any FaceModel
    private let faceProfile: CalibrationProfile

    /// Calibrates the face threshold for a false-match rate of 1e-4 on synthetic comparisons of
    /// the face model, as a deployment would on its own data.
    public init(faceModel: any FaceModel = SimulatedFaceModel()) throws {
        self.faceModel = faceModel
        var genuine: [Float] = []
        var impostors: [Float] = []
        let people = (0..<260).map { SimulatedPerson(name: "calibration-\($0)", seed: 10_000 + UInt64($0)) }
        let captures = try people.map { person in try (0..<2).map { try faceModel.embedding(of: person, capture: $0) } }
        for (index, own) in captures.enumerated() {
            genuine.append(try own[0].cosineSimilarity(to: own[1]))
            for other in captures[(index + 1)...] { impostors.append(try own[0].cosineSimilarity(to: other[1])) }
        }
        faceProfile = try ThresholdCalibration(genuineScores: genuine, impostorScores: impostors)
            .profile(modelID: faceModel.modelID, falseMatchRate: 1e-4)
    }

    /// Runs one scenario end to end and reports each step.
    public func checkIn(_ scenario: CheckInScenario) async throws -> CheckInReport {
        var steps: [CheckInReport.Step] = []
        func step<Result>(_ name: String, _ body: () async throws -> (Result, String)) async rethrows -> Result {
            let start = ContinuousClock.now
            let (result, detail) = try await body()
            let elapsed = ContinuousClock.now - start
            steps.append(.init(name: name, detail: detail, milliseconds: Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000))
            return result
        }
        func refuse(_ reason: String) -> CheckInReport {
            CheckInReport(scenario: scenario, steps: steps, decision: .refused, reason: reason, registration: nil)
        }

        let now = Date()
        let guest = SimulatedPerson(name: "李娜", seed: 7)
        let stranger = SimulatedPerson(name: "a stranger", seed: 99)

        // 1. The identity authority enrols the guest.
        let national = scenario == .nationalIssuer
        let (authority, statusList, credential, walletKey) = try await step("Enrolment") {
            let authorityKey = try SigningKey(generating: national ? .sm2 : .es256)
            let issuerID = national ? Self.nationalIssuer : Self.issuer
            let statusList = try StatusListAuthority(issuer: issuerID, uri: "\(issuerID)/status/1", signingKey: authorityKey, store: InMemoryStatusListStore())
            let reference = try await statusList.allocate()
            let walletKey = try SigningKey(generating: .es256)
            let portrait = try FaceTemplate(embedding: faceModel.embedding(of: guest, capture: 0), modelID: faceModel.modelID, quality: 0.93)
            let card = try GuestCard.make(name: guest.name, portrait: portrait)
            let issuedAt = scenario == .expiredCard ? now.addingTimeInterval(-400 * 86400) : now
            let issuer = CredentialIssuer(identifier: issuerID, signingKey: authorityKey, clock: { issuedAt })
            let credential = try issuer.issue(card, holderKey: walletKey.publicKey, expiresAt: issuedAt.addingTimeInterval(365 * 86400), status: reference)
            if scenario == .revokedCard { try await statusList.setStatus(.revoked, for: reference) }
            let trusted = TrustedIssuerKey(issuer: issuerID, key: authorityKey.publicKey)
            return ((trusted, statusList, credential, walletKey),
                    "\(national ? "SM2" : "ES256") credential for \(card.name) with \(credential.disclosures.count) selectively disclosable claims\(scenario == .revokedCard ? "; later revoked" : "")")
        }

        // The desk's verifier, built once for the desk (a real one per process, its challenge
        // store shared by every desk that may receive the presentation).
        let trustList = TrustList([authority])
        let verifier = CredentialVerifier(trustList: trustList, acceptedTypes: [CredentialType.virtualIDCard],
                                          challenges: InMemoryChallengeStore(), statusLists: statusList)

        // 2. The desk asks for name, ID number and portrait, with a nonce and a liveness challenge.
        let (nonce, challenge) = try await step("Desk request") {
            let nonce = try await verifier.issueNonce()
            let challenge = try LivenessChallenge.random(actions: 4, now: now)
            return ((nonce, challenge), "nonce \(nonce.prefix(8))…, claims name, id_number, portrait; actions \(challenge.actions.map(\.rawValue).joined(separator: ", "))")
        }

        // 3. The wallet presents only what was asked.
        var presentation = try await step("Wallet presentation") {
            let wallet = CredentialHolder(key: walletKey)
            let presentation = try wallet.present(credential, disclosing: ["name", "id_number", "portrait"], nonce: nonce, audience: Self.audience)
            return (presentation.serialized, "\(presentation.disclosures.count) of \(credential.disclosures.count) disclosures, key-bound to the wallet")
        }
        if scenario == .tamperedPresentation {
            presentation = GuestCard.editName(in: presentation)
        }

        // 4a. The desk verifies the credential against its request.
        let request = PresentationRequest(nonce: nonce, audience: Self.audience, requiredClaims: ["name", "id_number", "portrait"])
        if scenario == .replayedPresentation {
            _ = await verifier.verify(presentation, for: request)  // the first desk that received it
        }
        let outcome = await step("Credential verification") {
            let outcome = await verifier.verify(presentation, for: request)
            return (outcome, outcome.isAccepted ? "\(outcome.checks.count) checks passed" : outcome.failures.joined(separator: "; "))
        }
        guard let claims = try outcome.claims?.virtualIDCard, let name = claims.name, let idNumber = claims.idNumber, let portrait = claims.portrait else {
            // The clerk's screen shows the desk message in both languages; the code is for support.
            let failure = outcome.failureReasons.first
            return refuse("The ID card could not be accepted: " + (failure.map { "\($0.message(in: .english)) \($0.message(in: .simplifiedChinese)) [\($0.code)]" }
                ?? "the required claims are missing."))
        }

        // 4b. Liveness on the captured frames.
        let liveness = try await step("Liveness") {
            var session = try LivenessSession(challenge: challenge)
            try faceModel.capture(guest, into: &session, attack: scenario == .photoAttack ? .photo : nil)
            let assessment = session.assess(now: session.lastFrameTime ?? now)
            return (assessment, "\(assessment.decision.rawValue), score \(String(format: "%.2f", assessment.score))")
        }
        guard liveness.decision == .live else {
            return refuse("Liveness check failed: \(liveness.reasons.first?.description ?? "the session was not live.")")
        }

        // 4c. The live face against the card's portrait.
        let comparison = try await step("Face match") {
            let reference = try FaceTemplate(serialized: portrait.template)
            let live = try FaceTemplate(embedding: faceModel.embedding(of: scenario == .impostorFace ? stranger : guest, capture: 1), modelID: faceModel.modelID)
            let comparison = try FaceVerifier(profile: faceProfile).compare(probe: live, reference: reference)
            return (comparison, "similarity \(String(format: "%.3f", comparison.similarity)) against threshold \(String(format: "%.3f", comparison.threshold)) (false-match rate \(comparison.falseMatchRate))")
        }
        guard comparison.isMatch else {
            return refuse("The face does not match the ID card's portrait.")
        }

        // 5. Register the guest; the record shows the ID number masked.
        let registration = "Room 1208: \(name), ID \(idNumber), checked in \(ProtocolDate.format(now))"
        steps.append(.init(name: "Registration", detail: registration, milliseconds: 0))
        return CheckInReport(scenario: scenario, steps: steps, decision: .checkedIn, reason: "Identity, liveness and face verified.", registration: registration)
    }
}

enum ProtocolDate {
    static func format(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(timeZone: TimeZone(secondsFromGMT: 8 * 3600) ?? .gmt))
    }
}
