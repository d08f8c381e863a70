import Foundation

/// Where a ``LivenessSession`` is, after the frame appended last: what the app shows now.
///
/// Times are on the challenge's clock (the camera's plus the session's offset). An app shows
/// ``LivenessProgress/Step/prompt(_:attempt:shownAt:deadline:)``'s action from `shownAt` on, and
/// may count down to `deadline`; it need not call ``LivenessSession/assess(now:)`` until
/// ``isFinished``.
public struct LivenessProgress: Sendable, Hashable {
    /// What the session is waiting for.
    public enum Step: Sendable, Hashable {
        /// Watching the face before the first prompt (hold still, look at the camera).
        case baseline
        /// The next action's prompt is due at `shownAt`; show nothing new until then.
        case waiting(LivenessAction, shownAt: Date)
        /// The action is asked for, attempt `attempt` (from 1), until `deadline`.
        case prompt(LivenessAction, attempt: Int, shownAt: Date, deadline: Date)
        /// The pose is reached: it is held ("Hold it") until the cue to return at `returnAt`.
        case hold(LivenessAction, returnAt: Date)
        /// The cue to return ("Now back"), shown at `shownAt`; the face is back at rest by `deadline`.
        case returnToRest(LivenessAction, shownAt: Date, deadline: Date)
        /// Every action is done, or one was not done in any attempt, or an attack was seen.
        case finished
    }

    /// What the session is waiting for.
    public let step: Step
    /// The actions done in their turn, in order.
    public let completedActions: [LivenessAction]
    /// The seconds left before the current prompt's deadline, at the last frame; nil unless a
    /// prompt is showing.
    public let remainingSeconds: TimeInterval?

    /// Whether the session has nothing more to ask: assess it.
    public var isFinished: Bool { step == .finished }
}
