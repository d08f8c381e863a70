import Foundation

/// The thresholds a ``LivenessSession`` decides with; the defaults suit ArcFace-style
/// embeddings and landmark models that report openness in 0...1 and angles in degrees.
public struct LivenessConfiguration: Sendable, Hashable {
    /// Every frame's embedding must be at least this similar to the first frame's.
    public var sameFaceThreshold: Float = 0.5
    /// Frame rates a real camera delivers.
    public var framesPerSecond: ClosedRange<Double> = 8...120
    /// The longest pause between frames before the capture counts as interrupted.
    public var maximumGap: TimeInterval = 0.6
    /// Weights of the passive anti-spoofing models by name; models not listed weigh 1.
    public var passiveWeights: [String: Float] = [:]
    /// A fused passive score below this is an attack signal.
    public var passiveAttackThreshold: Float = 0.3
    /// Scores at or above are live (when no reason stands against the session).
    public var liveThreshold: Float = 0.8
    /// Scores below are spoof.
    public var spoofThreshold: Float = 0.4
    /// Eye openness at or below which the eyes count as closed (for a blink).
    public var eyesClosed: Float = 0.2
    /// Eye openness at or above which the eyes count as open.
    public var eyesOpen: Float = 0.6
    /// The yaw, in degrees, that counts as a head turn.
    public var headTurnDegrees: Float = 20
    /// The pitch, in degrees, that counts as a nod.
    public var nodDegrees: Float = 12
    /// Mouth openness at or above which the mouth counts as open.
    public var mouthOpen: Float = 0.5
    /// The smile score at or above which the face counts as smiling.
    public var smiling: Float = 0.6

    /// Creates the default configuration.
    public init() {}
}

/// An active liveness session: the frames captured for one ``LivenessChallenge``, assessed for
/// the requested actions in order and time, the same face throughout, plausible timing, and
/// the passive anti-spoofing scores.
///
/// ```swift
/// var session = LivenessSession(challenge: challenge)
/// for frame in cameraFrames { session.append(observe(frame)) }
/// let assessment = session.assess(now: Date())
/// ```
public struct LivenessSession: Sendable {
    /// The challenge the frames must answer.
    public let challenge: LivenessChallenge
    /// The thresholds the session decides with.
    public let configuration: LivenessConfiguration
    /// The frames captured so far, in the order appended.
    public private(set) var frames: [FrameObservation] = []

    /// Starts a session for `challenge`.
    public init(challenge: LivenessChallenge, configuration: LivenessConfiguration = LivenessConfiguration()) {
        self.challenge = challenge
        self.configuration = configuration
    }

    /// Adds the next captured frame.
    public mutating func append(_ frame: FrameObservation) {
        frames.append(frame)
    }

    /// Assesses the session at `now`.
    public func assess(now: Date = Date()) -> LivenessAssessment {
        guard let first = frames.first, let last = frames.last else {
            return LivenessAssessment(score: 0, decision: .inconclusive, reasons: [.noFrames], completedActions: [])
        }
        var reasons: [LivenessAssessment.Reason] = []
        if now > challenge.expiresAt || last.capturedAt > challenge.expiresAt { reasons.append(.challengeExpired) }
        if first.capturedAt < challenge.issuedAt { reasons.append(.capturedBeforeChallenge) }
        reasons += timingReasons() + sameFaceReasons()
        if isStatic { reasons.append(.staticFace) }
        let (completed, actionReasons) = actions()
        reasons += actionReasons
        let passive = fusedPassiveScore
        if let passive, passive < configuration.passiveAttackThreshold { reasons.append(.passiveAttackScore(passive)) }

        let active = Float(completed.count) / Float(challenge.actions.count)
        var score = passive.map { 0.6 * active + 0.4 * $0 } ?? active
        let attacked = reasons.contains(where: \.isAttackSignal)
        if attacked { score = min(score, 0.2) }
        let decision: LivenessAssessment.Decision = if attacked || score < configuration.spoofThreshold {
            .spoof
        } else if reasons.isEmpty, score >= configuration.liveThreshold {
            .live
        } else {
            .inconclusive
        }
        return LivenessAssessment(score: score, decision: decision, reasons: reasons, completedActions: completed)
    }

    /// The passive models' scores, averaged over frames per model, then weighted across models.
    var fusedPassiveScore: Float? {
        var totals: [String: Float] = [:]
        var counts: [String: Int] = [:]
        for frame in frames {
            for (model, score) in frame.antiSpoofingScores {
                totals[model, default: 0] += score
                counts[model, default: 0] += 1
            }
        }
        guard !totals.isEmpty else { return nil }
        var weighted: Float = 0
        var weights: Float = 0
        for (model, total) in totals {
            let weight = configuration.passiveWeights[model] ?? 1
            weighted += weight * total / Float(counts[model] ?? 1)
            weights += weight
        }
        return weights > 0 ? weighted / weights : nil
    }

    private func timingReasons() -> [LivenessAssessment.Reason] {
        var reasons: [LivenessAssessment.Reason] = []
        for index in frames.indices.dropFirst() {
            let interval = frames[index].capturedAt.timeIntervalSince(frames[index - 1].capturedAt)
            if interval == 0 {
                reasons.append(.duplicatedFrame(frame: index))
            } else if interval < 0 {
                reasons.append(.timestampsNotIncreasing(frame: index))
            } else if interval > configuration.maximumGap {
                reasons.append(.gapInCapture(seconds: interval))
            }
        }
        if frames.count >= 3, let first = frames.first, let last = frames.last {
            let span = last.capturedAt.timeIntervalSince(first.capturedAt)
            let rate = span > 0 ? Double(frames.count - 1) / span : .infinity
            if !configuration.framesPerSecond.contains(rate) { reasons.append(.frameRateOutOfRange(framesPerSecond: rate)) }
        }
        return reasons
    }

    private func sameFaceReasons() -> [LivenessAssessment.Reason] {
        guard let reference = frames.first?.embedding else { return [] }
        for (index, frame) in frames.enumerated().dropFirst() {
            let similarity = (try? frame.embedding.cosineSimilarity(to: reference)) ?? -1
            if similarity < configuration.sameFaceThreshold { return [.identitySwitch(frame: index, similarity: similarity)] }
        }
        return []
    }

    /// A photograph neither blinks nor turns nor changes its distance to the camera.
    private var isStatic: Bool {
        func range(_ values: [Float]) -> Float { (values.max() ?? 0) - (values.min() ?? 0) }
        return frames.count >= 5 && range(frames.map(\.eyeOpenness)) < 0.05 && range(frames.map(\.yaw)) < 2
            && range(frames.map(\.pitch)) < 2 && range(frames.map(\.faceBox.width)) < 0.01
    }

    /// Finds each action in order: action *i* must happen within `secondsPerAction` of the
    /// previous action's completion (of the first frame for the first action).
    private func actions() -> (completed: [LivenessAction], reasons: [LivenessAssessment.Reason]) {
        var completed: [LivenessAction] = []
        var start = 0
        var windowStart = frames[0].capturedAt
        for action in challenge.actions {
            let windowEnd = windowStart.addingTimeInterval(challenge.secondsPerAction)
            let inWindow = frames[start...].prefix { $0.capturedAt <= windowEnd }
            if let done = detect(action, in: inWindow) {
                completed.append(action)
                start = done + 1
                windowStart = frames[done].capturedAt
                guard start < frames.count else { return (completed, challenge.actions.dropFirst(completed.count).map { .actionMissing($0) }) }
                continue
            }
            let late = detect(action, in: frames[...]) != nil
            return (completed, [late ? .actionOutOfWindow(action) : .actionMissing(action)])
        }
        return (completed, [])
    }

    /// The index of the frame at which `action` is complete, if it is.
    private func detect(_ action: LivenessAction, in frames: ArraySlice<FrameObservation>) -> Int? {
        let settings = configuration
        switch action {
        case .blink:
            guard let closed = frames.firstIndex(where: { $0.eyeOpenness <= settings.eyesClosed }),
                  frames[..<closed].contains(where: { $0.eyeOpenness >= settings.eyesOpen })
            else { return nil }
            return frames[closed...].firstIndex { $0.eyeOpenness >= settings.eyesOpen }
        case .turnLeft:
            return frames.firstIndex { $0.yaw >= settings.headTurnDegrees }
        case .turnRight:
            return frames.firstIndex { $0.yaw <= -settings.headTurnDegrees }
        case .nod:
            guard let down = frames.firstIndex(where: { $0.pitch <= -settings.nodDegrees }) else { return nil }
            return frames[down...].firstIndex { $0.pitch >= -settings.nodDegrees / 3 }
        case .openMouth:
            return frames.firstIndex { $0.mouthOpenness >= settings.mouthOpen }
        case .smile:
            return frames.firstIndex { ($0.smile ?? 0) >= settings.smiling }
        }
    }
}
