import Foundation

/// What a person is asked to do in front of the camera.
public enum LivenessAction: String, Sendable, Hashable, CaseIterable, Codable {
    /// Close and open the eyes.
    case blink
    /// Turn the head to the person's left.
    case turnLeft = "turn_left"
    /// Turn the head to the person's right.
    case turnRight = "turn_right"
    /// Nod the head.
    case nod
    /// Open the mouth.
    case openMouth = "open_mouth"
    /// Smile.
    case smile

    /// The words a desk or kiosk shows.
    public var instruction: String {
        switch self {
        case .blink: "Blink"
        case .turnLeft: "Turn your head to the left"
        case .turnRight: "Turn your head to the right"
        case .nod: "Nod"
        case .openMouth: "Open your mouth"
        case .smile: "Smile"
        }
    }
}

/// An active liveness challenge: a random sequence of distinct actions, a nonce that ties the
/// capture to this request, and an expiry, so a video recorded for another request fails.
///
/// ```swift
/// let challenge = LivenessChallenge.random(actions: 3, now: Date())
/// // show challenge.actions[0].instruction, … and stream frames into a LivenessSession
/// ```
public struct LivenessChallenge: Sendable, Hashable, Codable {
    /// A random value binding the captured frames to this challenge.
    public let nonce: String
    /// The actions to perform, in order.
    public let actions: [LivenessAction]
    /// When the challenge was issued.
    public let issuedAt: Date
    /// When the challenge expires; frames after it are refused.
    public let expiresAt: Date
    /// How long each action may take once the previous one is done.
    public let secondsPerAction: TimeInterval

    /// Creates a challenge; throws unless there is at least one action, each at most once, and the times are in order.
    public init(nonce: String, actions: [LivenessAction], issuedAt: Date, expiresAt: Date, secondsPerAction: TimeInterval = 4) throws {
        guard !actions.isEmpty, Set(actions).count == actions.count else {
            throw FaceMatchError(.invalidParameter, "A challenge asks for at least one action, each at most once.")
        }
        guard expiresAt > issuedAt, secondsPerAction > 0 else {
            throw FaceMatchError(.invalidParameter, "A challenge must expire after it is issued and give each action some time.")
        }
        self.nonce = nonce
        self.actions = actions
        self.issuedAt = issuedAt
        self.expiresAt = expiresAt
        self.secondsPerAction = secondsPerAction
    }

    /// Draws `count` distinct actions in random order and a 128-bit nonce.
    public static func random(
        actions count: Int = 3, validFor lifetime: TimeInterval = 30, secondsPerAction: TimeInterval = 4, now: Date = Date()
    ) -> LivenessChallenge {
        var generator = SystemRandomNumberGenerator()
        return random(actions: count, validFor: lifetime, secondsPerAction: secondsPerAction, now: now, using: &generator)
    }

    /// Draws a challenge from an injected generator (tests use a seeded one).
    public static func random(
        actions count: Int = 3, validFor lifetime: TimeInterval = 30, secondsPerAction: TimeInterval = 4, now: Date,
        using generator: inout some RandomNumberGenerator
    ) -> LivenessChallenge {
        let actions = Array(LivenessAction.allCases.shuffled(using: &generator).prefix(max(1, min(count, LivenessAction.allCases.count))))
        let nonce = (0..<2).map { _ in String(generator.next(), radix: 16).leftPadded(to: 16) }.joined()
        // Distinct actions, a positive lifetime and a positive window: valid by construction.
        return LivenessChallenge(validated: nonce, actions, now, max(1, lifetime), max(0.5, secondsPerAction))
    }

    private init(validated nonce: String, _ actions: [LivenessAction], _ now: Date, _ lifetime: TimeInterval, _ seconds: TimeInterval) {
        self.nonce = nonce
        self.actions = actions
        issuedAt = now
        expiresAt = now.addingTimeInterval(lifetime)
        secondsPerAction = seconds
    }
}

private extension String {
    func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
