import Foundation

/// An active liveness challenge: a random sequence of distinct actions, a random delay before
/// each prompt and before each cue to return, a nonce that ties the capture to this request,
/// and an expiry.
///
/// The session decides when each prompt is due (``LivenessProgress``): a delay drawn for this
/// challenge after the previous action was done. For a pose (a turn, an open mouth, a smile) the
/// person holds it until a second cue, due another random delay after the pose was reached, and
/// then returns. A person answers the cues; a recording of another session, even one whose
/// actions come in the same order, answers cues that were due at other times: before its prompt
/// (an attack signal for any action but a blink), or returning before or long after its cue.
///
/// ```swift
/// let challenge = LivenessChallenge.random(actions: 4, now: Date())
/// var session = try LivenessSession(challenge: challenge)
/// for frame in cameraFrames { let progress = try session.append(observe(frame)); show(progress) }
/// ```
public struct LivenessChallenge: Sendable, Hashable, Codable {
    /// A random value binding the captured frames to this challenge.
    public let nonce: String
    /// The actions to perform, in order.
    public let actions: [LivenessAction]
    /// When the challenge was issued (the challenge clock: the server's).
    public let issuedAt: Date
    /// When the challenge expires; frames after it are refused.
    public let expiresAt: Date
    /// How long a person has, from the moment a prompt is shown, to do the action.
    public let secondsPerAction: TimeInterval
    /// How many times a prompt is shown before the action counts as not done (a person who
    /// missed it gets another go, after a new delay).
    public let attemptsPerAction: Int
    /// The delays before each prompt, in seconds, action by action and attempt by attempt
    /// (`actions.count × attemptsPerAction`, action-major).
    public let promptDelays: [TimeInterval]
    /// The delays from reaching a pose to the cue to return, arranged as ``promptDelays``.
    public let holdDelays: [TimeInterval]

    /// The delays a random challenge draws from, for prompts and for cues to return.
    public static let delayRange: ClosedRange<TimeInterval> = 0.5...3.5

    /// Creates a challenge; throws unless there is at least one action, each at most once, the
    /// times are finite and in order, and there is one finite, non-negative delay per attempt.
    public init(nonce: String, actions: [LivenessAction], issuedAt: Date, expiresAt: Date, secondsPerAction: TimeInterval = 6,
                attemptsPerAction: Int = 3, promptDelays: [TimeInterval], holdDelays: [TimeInterval]) throws {
        guard !actions.isEmpty, Set(actions).count == actions.count else {
            throw FaceMatchError(.invalidParameter, "A challenge asks for at least one action, each at most once.")
        }
        guard issuedAt.timeIntervalSince1970.isFinite, expiresAt.timeIntervalSince1970.isFinite, expiresAt > issuedAt else {
            throw FaceMatchError(.invalidParameter, "A challenge must expire after it is issued, at finite times.")
        }
        guard secondsPerAction.isFinite, (0.5...60).contains(secondsPerAction), (1...5).contains(attemptsPerAction) else {
            throw FaceMatchError(.invalidParameter, "A challenge gives each action 0.5 to 60 s and 1 to 5 attempts.")
        }
        for delays in [promptDelays, holdDelays] {
            guard delays.count == actions.count * attemptsPerAction, delays.allSatisfy({ $0.isFinite && (0...10).contains($0) }) else {
                throw FaceMatchError(.invalidParameter, "A challenge has one prompt delay and one hold delay of 0 to 10 s for each attempt at each action.")
            }
        }
        self.nonce = nonce
        self.actions = actions
        self.issuedAt = issuedAt
        self.expiresAt = expiresAt
        self.secondsPerAction = secondsPerAction
        self.attemptsPerAction = attemptsPerAction
        self.promptDelays = promptDelays
        self.holdDelays = holdDelays
    }

    /// Decodes a challenge and checks it as ``init(nonce:actions:issuedAt:expiresAt:secondsPerAction:attemptsPerAction:promptDelays:holdDelays:)`` does.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(nonce: container.decode(String.self, forKey: .nonce), actions: container.decode([LivenessAction].self, forKey: .actions),
                      issuedAt: container.decode(Date.self, forKey: .issuedAt), expiresAt: container.decode(Date.self, forKey: .expiresAt),
                      secondsPerAction: container.decode(TimeInterval.self, forKey: .secondsPerAction),
                      attemptsPerAction: container.decode(Int.self, forKey: .attemptsPerAction),
                      promptDelays: container.decode([TimeInterval].self, forKey: .promptDelays),
                      holdDelays: container.decode([TimeInterval].self, forKey: .holdDelays))
    }

    /// The delay before attempt `attempt` (from 0) at action `index`.
    func promptDelay(action index: Int, attempt: Int) -> TimeInterval {
        promptDelays[index * attemptsPerAction + attempt]
    }

    /// The delay from reaching the pose to the cue to return, at attempt `attempt` of action `index`.
    func holdDelay(action index: Int, attempt: Int) -> TimeInterval {
        holdDelays[index * attemptsPerAction + attempt]
    }

    /// Draws `count` distinct actions of `available` in random order, a random delay before
    /// every prompt and every cue to return, and a 128-bit nonce, from the system's generator.
    ///
    /// - Parameter available: the actions the integrator's landmark model can show (leave out
    ///   `smile` for a model without a smile output).
    public static func random(
        actions count: Int = 4, from available: Set<LivenessAction> = Set(LivenessAction.allCases), validFor lifetime: TimeInterval = 90,
        secondsPerAction: TimeInterval = 6, attemptsPerAction: Int = 3, now: Date = Date()
    ) throws -> LivenessChallenge {
        var generator = SystemRandomNumberGenerator()
        return try random(actions: count, from: available, validFor: lifetime, secondsPerAction: secondsPerAction,
                          attemptsPerAction: attemptsPerAction, now: now, using: &generator)
    }

    /// Draws a challenge from an injected generator (tests use a seeded one).
    public static func random(
        actions count: Int = 4, from available: Set<LivenessAction> = Set(LivenessAction.allCases), validFor lifetime: TimeInterval = 90,
        secondsPerAction: TimeInterval = 6, attemptsPerAction: Int = 3, now: Date, using generator: inout some RandomNumberGenerator
    ) throws -> LivenessChallenge {
        guard (1...available.count).contains(count) else {
            throw FaceMatchError(.invalidParameter, "A challenge draws 1 to \(available.count) of the \(available.count) actions available.")
        }
        // Sorted first, so that a seeded generator draws the same challenge on every run.
        let actions = Array(available.sorted { $0.rawValue < $1.rawValue }.shuffled(using: &generator).prefix(count))
        let delays = (0..<(2 * count * max(1, attemptsPerAction))).map { _ in Double.random(in: delayRange, using: &generator) }
        let nonce = (0..<2).map { _ in String(generator.next(), radix: 16).leftPadded(to: 16) }.joined()
        return try LivenessChallenge(nonce: nonce, actions: actions, issuedAt: now, expiresAt: now.addingTimeInterval(lifetime),
                                     secondsPerAction: secondsPerAction, attemptsPerAction: attemptsPerAction,
                                     promptDelays: Array(delays.prefix(delays.count / 2)), holdDelays: Array(delays.suffix(delays.count / 2)))
    }
}

private extension String {
    func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
