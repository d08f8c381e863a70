/// The verdict on a liveness session: a score, a decision, and the reasons, worded so that a
/// desk can tell the person what to redo.
public struct LivenessAssessment: Sendable, Hashable {
    /// What the session concluded.
    public enum Decision: String, Sendable, Hashable, Codable {
        /// A live person did what was asked.
        case live
        /// Signs of a presentation attack: a photo, a swapped face, injected frames.
        case spoof
        /// Not enough to decide; ask the person to try again.
        case inconclusive
    }

    /// Why a session is not plainly live.
    public enum Reason: Sendable, Hashable, CustomStringConvertible {
        /// No frame was captured.
        case noFrames
        /// The challenge expired before the session was assessed.
        case challengeExpired
        /// Frames older than the challenge: a recording made before it was issued.
        case capturedBeforeChallenge
        /// A requested action was never seen.
        case actionMissing(LivenessAction)
        /// The action happened, but not in its turn and time: the mark of a replayed video.
        case actionOutOfWindow(LivenessAction)
        /// The face changed identity mid-session (frame index and its similarity to the first).
        case identitySwitch(frame: Int, similarity: Float)
        /// A frame is not later than the one before it (its index).
        case timestampsNotIncreasing(frame: Int)
        /// A frame repeats the one before it exactly (its index): injected frames.
        case duplicatedFrame(frame: Int)
        /// The frame rate is outside what a real camera delivers.
        case frameRateOutOfRange(framesPerSecond: Double)
        /// The capture paused longer than allowed (the longest pause, in seconds).
        case gapInCapture(seconds: Double)
        /// No blink, no head movement, no change of distance: a photograph.
        case staticFace
        /// The passive anti-spoofing models' fused score.
        case passiveAttackScore(Float)

        /// Whether the reason is evidence of an attack rather than of a poor capture.
        public var isAttackSignal: Bool {
            switch self {
            case .capturedBeforeChallenge, .identitySwitch, .timestampsNotIncreasing, .duplicatedFrame, .frameRateOutOfRange, .staticFace,
                 .passiveAttackScore: true
            case .noFrames, .challengeExpired, .actionMissing, .actionOutOfWindow, .gapInCapture: false
            }
        }

        public var description: String {
            switch self {
            case .noFrames: "No frames were captured; start the camera and try again."
            case .challengeExpired: "The check took too long; start a new one."
            case .capturedBeforeChallenge: "Frames were recorded before the check started."
            case .actionMissing(let action): "\"\(action.instruction)\" was not seen; please do it clearly."
            case .actionOutOfWindow(let action): "\"\(action.instruction)\" was not done at the requested time; follow the prompts in order."
            case .identitySwitch(let frame, let similarity): "A different face appeared at frame \(frame) (similarity \(similarity))."
            case .timestampsNotIncreasing(let frame): "Frame \(frame) is not later than the frame before it."
            case .duplicatedFrame(let frame): "Frame \(frame) repeats the frame before it."
            case .frameRateOutOfRange(let rate): "The camera delivered \(Int(rate.rounded())) frames a second, outside the expected range."
            case .gapInCapture(let seconds): "The capture paused for \(seconds) s; keep the face in view."
            case .staticFace: "The face did not move at all, as a photograph would not."
            case .passiveAttackScore(let score): "The anti-spoofing models judged the face an attack (score \(score))."
            }
        }
    }

    /// 0 (attack) to 1 (live).
    public let score: Float
    /// What the session concluded.
    public let decision: Decision
    /// Why, in the order found; empty for a live session.
    public let reasons: [Reason]
    /// The challenge's actions that were seen in their turn and time.
    public let completedActions: [LivenessAction]
}
