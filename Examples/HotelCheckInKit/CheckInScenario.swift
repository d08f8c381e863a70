/// The stories the hotel example tells: the normal guest and the ways a check-in must fail.
public enum CheckInScenario: String, Sendable, CaseIterable {
    case normalGuest = "normal"
    case impostorFace = "impostor"
    case photoAttack = "photo-attack"
    case expiredCard = "expired-card"
    case revokedCard = "revoked-card"
    case replayedPresentation = "replayed-presentation"
    case tamperedPresentation = "tampered-presentation"
    case nationalIssuer = "sm2-national-issuer"

    /// What the scenario shows, in one line.
    public var summary: String {
        switch self {
        case .normalGuest: "A guest checks in with the virtual ID card and a face check."
        case .impostorFace: "Someone presents another person's phone and card."
        case .photoAttack: "A printed photo is held up to the camera."
        case .expiredCard: "The card's credential has expired."
        case .revokedCard: "The identity authority revoked the card."
        case .replayedPresentation: "A presentation captured at another desk is sent again."
        case .tamperedPresentation: "The presentation's name was edited on the way."
        case .nationalIssuer: "A card issued by a national authority signing with SM2."
        }
    }
}

/// What the desk saw and decided.
public struct CheckInReport: Sendable {
    public struct Step: Sendable {
        public let name: String
        public let detail: String
        public let milliseconds: Double
    }

    public enum Decision: String, Sendable {
        case checkedIn = "CHECKED IN"
        case refused = "REFUSED"
    }

    public let scenario: CheckInScenario
    public let steps: [Step]
    public let decision: Decision
    /// What the clerk reads out.
    public let reason: String
    /// The registration record, with the identity number masked, when checked in.
    public let registration: String?
}
