import Foundation

/// The verdict on a liveness session: a score, a decision, and the reasons, worded so that a
/// desk can tell the person what to redo.
public struct LivenessAssessment: Sendable, Hashable {
    /// What the session concluded.
    public enum Decision: String, Sendable, Hashable, Codable {
        /// A live person did what was asked.
        case live
        /// Evidence of a presentation attack: a photo, a swapped face, injected or replayed frames.
        case spoof
        /// Not enough to decide (no response, a poor capture, the session not finished): ask the
        /// person to try again. Never evidence of an attack.
        case inconclusive
    }

    /// Why a session is not plainly live.
    public enum Reason: Sendable, Hashable, CustomStringConvertible {
        /// No usable frame was captured.
        case noFrames
        /// The challenge expired before the session finished.
        case challengeExpired
        /// The session has not asked for every action yet.
        case unfinished
        /// Frames older than the challenge: a recording made before it was issued.
        case capturedBeforeChallenge
        /// The action was asked for in every attempt and not done: no response.
        case actionMissing(LivenessAction)
        /// The frames cannot show the action (no smile score from the landmark model).
        case actionNotObservable(LivenessAction)
        /// The action was done before its prompt was shown: a recording of another session. A
        /// blink before its prompt is never counted, and never held against the person.
        case promptAnticipated(LivenessAction)
        /// The action was done sooner after its prompt than a person can read and move.
        case responseTooFast(LivenessAction)
        /// Another face held the camera for several good frames (the first of them and its
        /// similarity to the session's reference face).
        case identitySwitch(frame: Int, similarity: Float)
        /// A frame is not later than the one before it (its index).
        case timestampsNotIncreasing(frame: Int)
        /// Frames repeat the frame before them exactly under new times (how many): injected frames.
        case repeatedFrames(count: Int)
        /// The frame intervals are as regular as a virtual camera's (their coefficient of variation).
        case regularFrameClock(variation: Double)
        /// The frame rate is outside what a real camera delivers.
        case frameRateOutOfRange(framesPerSecond: Double)
        /// The capture paused longer than allowed (the longest pause, in seconds).
        case gapInCapture(seconds: Double)
        /// No blink, no head movement, no change of distance: a photograph.
        case staticFace
        /// A passive anti-spoofing model judged the face an attack (its name and mean score).
        case passiveAttackScore(model: String, score: Float)

        /// Whether the reason is evidence of an attack rather than of a poor capture or no response.
        public var isAttackSignal: Bool {
            switch self {
            case .capturedBeforeChallenge, .promptAnticipated, .responseTooFast, .identitySwitch, .timestampsNotIncreasing, .repeatedFrames,
                 .regularFrameClock, .frameRateOutOfRange, .staticFace, .passiveAttackScore: true
            case .noFrames, .challengeExpired, .unfinished, .actionMissing, .actionNotObservable, .gapInCapture: false
            }
        }

        /// The reason in English.
        public var description: String { message(in: .english) }

        /// The reason in `language`, for the person in front of the camera or the desk.
        public func message(in language: LivenessLanguage) -> String {
            let english = language == .english
            switch self {
            case .noFrames: return english ? "No usable frames were captured; start the camera and try again." : "未采集到可用画面，请打开摄像头重试。"
            case .challengeExpired: return english ? "The check took too long; start a new one." : "检测超时，请重新开始。"
            case .unfinished: return english ? "The check is not finished yet." : "检测尚未完成。"
            case .capturedBeforeChallenge: return english ? "Frames were recorded before the check started." : "画面早于检测开始时间录制。"
            case .actionMissing(let action):
                return english ? "\"\(action.instruction)\" was not seen; please do it when asked." : "未检测到“\(action.instruction(in: .simplifiedChinese))”，请按提示完成。"
            case .actionNotObservable(let action):
                return english ? "The face model cannot show \"\(action.instruction)\"; leave it out of the challenge." : "人脸模型无法识别“\(action.instruction(in: .simplifiedChinese))”，请勿选用此动作。"
            case .promptAnticipated(let action):
                return english ? "\"\(action.instruction)\" was done before it was asked for." : "“\(action.instruction(in: .simplifiedChinese))”在提示出现前已完成。"
            case .responseTooFast(let action):
                return english ? "\"\(action.instruction)\" was done faster than a person can respond." : "“\(action.instruction(in: .simplifiedChinese))”完成速度超出常人反应。"
            case .identitySwitch(let frame, let similarity):
                return english ? "A different face appeared at frame \(frame) (similarity \(Self.decimal(Double(similarity))))." : "第 \(frame) 帧出现另一张人脸（相似度 \(Self.decimal(Double(similarity)))）。"
            case .timestampsNotIncreasing(let frame):
                return english ? "Frame \(frame) is not later than the frame before it." : "第 \(frame) 帧的时间不晚于前一帧。"
            case .repeatedFrames(let count):
                return english ? "\(count) frames repeat the frame before them exactly." : "有 \(count) 帧与前一帧完全相同。"
            case .regularFrameClock(let variation):
                return english ? "The frames arrive as regularly as from a virtual camera (variation \(Self.decimal(variation)))." : "画面间隔过于均匀，疑似虚拟摄像头（变异系数 \(Self.decimal(variation))）。"
            case .frameRateOutOfRange(let rate):
                return english ? "The camera delivered \(Self.decimal(rate)) frames a second, outside the expected range." : "摄像头帧率为每秒 \(Self.decimal(rate)) 帧，超出正常范围。"
            case .gapInCapture(let seconds):
                return english ? "The capture paused for \(Self.decimal(seconds)) s; keep the face in view." : "采集中断 \(Self.decimal(seconds)) 秒，请保持人脸在画面内。"
            case .staticFace: return english ? "The face did not move at all, as a photograph would not." : "人脸完全静止，疑似照片。"
            case .passiveAttackScore(let model, let score):
                return english ? "The anti-spoofing model \(model) judged the face an attack (score \(Self.decimal(Double(score))))." : "防伪模型 \(model) 判定为攻击（得分 \(Self.decimal(Double(score)))）。"
            }
        }

        /// Any number as text, three decimals at most: no conversion that can trap.
        private static func decimal(_ value: Double) -> String {
            guard value.isFinite else { return value.isNaN ? "NaN" : (value > 0 ? "∞" : "-∞") }
            return String(format: "%.3g", value)
        }
    }

    /// 0 (attack) to 1 (live).
    public let score: Float
    /// What the session concluded.
    public let decision: Decision
    /// Why, in the order found; empty for a live session.
    public let reasons: [Reason]
    /// The challenge's actions that were done in their turn, in order.
    public let completedActions: [LivenessAction]
}
