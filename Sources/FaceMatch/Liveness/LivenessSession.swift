import Foundation

/// An active liveness session: the frames captured for one ``LivenessChallenge``, taken one at
/// a time. Each frame is checked on entry and costs the same however long the session runs;
/// ``append(_:)`` answers where the session is (``LivenessProgress``), so an app shows each
/// prompt when it is due without calling ``assess(now:)`` until the end.
///
/// How it decides (Documentation/FaceMatch.md, "Liveness"):
///
/// - The first ``LivenessConfiguration/baselineSeconds`` learn the person: eye openness (glasses
///   lower it), the head's angles to the camera, the mouth at rest, and the reference face (the
///   mean of the first good frames). Actions are judged against that baseline.
/// - Each prompt is due a random delay (the challenge's) after the previous action was done. The
///   action counts only if it is done after its prompt, no sooner than a person can respond, and
///   before the deadline; a pose (a turn, an open mouth, a smile) is then held until a cue to
///   return, due another random delay later, and the face must come back to rest after that cue
///   (``LivenessConfiguration/returnSeconds``). A missed prompt, or a pose dropped before its
///   cue, is asked for again after a new delay. A blink before its prompt is spontaneous and
///   never counts; any other action done before its prompt is a recording answering another
///   session's prompts.
/// - Identity is judged over runs of good frames: one blurred frame is not another face.
/// - The camera's clock must look like a camera's: increasing times, intervals that vary, no
///   frame repeated exactly under a new time, a plausible rate.
/// - "No response" (an action not done in any attempt) is inconclusive, never spoof.
///
/// Frame times are on the camera's clock; `cameraClockOffset` is added to them to compare with
/// the challenge's times (the server's clock): `challenge time = capturedAt + cameraClockOffset`.
public struct LivenessSession: Sendable {
    /// The challenge the frames must answer.
    public let challenge: LivenessChallenge
    /// The thresholds the session decides with.
    public let configuration: LivenessConfiguration
    /// Seconds added to a frame's camera time to put it on the challenge's clock.
    public let cameraClockOffset: TimeInterval

    private enum Phase: Sendable {
        case baseline
        case waiting(promptAt: Date)
        case prompted(shownAt: Date, deadline: Date)
        case holding(returnAt: Date)
        case returning(shownAt: Date, deadline: Date)
        case finished
    }

    private var phase: Phase = .baseline
    private var timing = FrameTiming()
    private var baseline = SessionBaseline()
    private var identity = IdentityTracker()
    private var detector = ActionDetector()
    private var anticipation = AnticipationWatch()
    private var passiveTotals: [String: (sum: Double, count: Int)] = [:]
    private var stillness = StillnessTracker()
    private var actionIndex = 0
    private var attempt = 0
    private var completed: [LivenessAction] = []
    private var findings: [LivenessAssessment.Reason] = []
    private var previousFrame: FrameObservation?
    private var goodFrames = 0
    private var sawSmileOutput = false

    /// The camera time of the last frame appended, on the challenge's clock.
    public private(set) var lastFrameTime: Date?

    /// Starts a session for `challenge`; throws `invalid-parameter` if the configuration or the
    /// offset is not usable.
    public init(challenge: LivenessChallenge, configuration: LivenessConfiguration = LivenessConfiguration(), cameraClockOffset: TimeInterval = 0) throws {
        try configuration.validate()
        guard cameraClockOffset.isFinite, abs(cameraClockOffset) <= 86_400 else {
            throw FaceMatchError(.invalidParameter, "cameraClockOffset must be a finite number of seconds, at most a day.")
        }
        self.challenge = challenge
        self.configuration = configuration
        self.cameraClockOffset = cameraClockOffset
    }

    /// Where the session is now.
    public var progress: LivenessProgress {
        let current = actionIndex < challenge.actions.count ? challenge.actions[actionIndex] : nil
        let step: LivenessProgress.Step
        var remaining: TimeInterval?
        switch (phase, current) {
        case (.baseline, _): step = .baseline
        case (.waiting(let promptAt), let action?): step = .waiting(action, shownAt: promptAt)
        case (.prompted(let shownAt, let deadline), let action?):
            step = .prompt(action, attempt: attempt + 1, shownAt: shownAt, deadline: deadline)
            remaining = lastFrameTime.map { max(0, deadline.timeIntervalSince($0)) }
        case (.holding(let returnAt), let action?): step = .hold(action, returnAt: returnAt)
        case (.returning(let shownAt, let deadline), let action?):
            step = .returnToRest(action, shownAt: shownAt, deadline: deadline)
            remaining = lastFrameTime.map { max(0, deadline.timeIntervalSince($0)) }
        default: step = .finished
        }
        return LivenessProgress(step: step, completedActions: completed, remainingSeconds: remaining)
    }

    /// Adds the next captured frame and answers where the session is. Throws
    /// `invalid-parameter`, changing nothing, for a frame with a value that is not finite or
    /// not in its range.
    @discardableResult
    public mutating func append(_ frame: FrameObservation) throws -> LivenessProgress {
        try frame.validate()
        let time = frame.capturedAt.addingTimeInterval(cameraClockOffset)
        if timing.count == 0, time < challenge.issuedAt { findings.append(.capturedBeforeChallenge) }
        let index = timing.count
        timing.add(time, repeatsPrevious: previousFrame.map(frame.hasSameContent) ?? false)
        previousFrame = frame
        guard time >= (lastFrameTime ?? .distantPast) else { return progress }
        lastFrameTime = time
        for (model, score) in frame.antiSpoofingScores {
            let total = passiveTotals[model] ?? (0, 0)
            passiveTotals[model] = (total.sum + Double(score), total.count + 1)
        }
        sawSmileOutput = sawSmileOutput || frame.smile != nil
        // A frame below the quality floor, or of another face, counts for timing only.
        guard (frame.quality ?? 1) >= configuration.minimumQuality else { return progress }
        if let switched = identity.observe(frame.embedding, index: index, configuration: configuration) { findings.append(switched) }
        guard identity.isSameFace else { return progress }
        goodFrames += 1
        stillness.observe(frame, at: time)
        advance(with: frame, at: time)
        return progress
    }

    /// Assesses the session at `now` (the challenge's clock); the reasons list attack signals first.
    public func assess(now: Date = Date()) -> LivenessAssessment {
        guard goodFrames > 0 else {
            return LivenessAssessment(score: 0, decision: .inconclusive, reasons: [.noFrames], completedActions: [])
        }
        var reasons = findings
        if case .finished = phase {} else {
            reasons.append(now > challenge.expiresAt ? .challengeExpired : .unfinished)
        }
        if let last = lastFrameTime, last > challenge.expiresAt, !reasons.contains(.challengeExpired) { reasons.append(.challengeExpired) }
        reasons += timingReasons()
        if stillness.isStill { reasons.append(.staticFace) }
        let passive = passiveScores()
        reasons += passive.attacks

        let active = Float(completed.count) / Float(challenge.actions.count)
        var score = passive.fused.map { 0.6 * active + 0.4 * $0 } ?? active
        score = min(1, max(0, score))
        let attacked = reasons.contains(where: \.isAttackSignal)
        if attacked { score = min(score, 0.2) }
        // Evidence of an attack first: it is what a desk should say, not "unfinished".
        reasons = reasons.filter(\.isAttackSignal) + reasons.filter { !$0.isAttackSignal }
        let decision: LivenessAssessment.Decision = if attacked {
            .spoof
        } else if reasons.isEmpty, completed.count == challenge.actions.count, score >= configuration.liveThreshold {
            .live
        } else {
            .inconclusive
        }
        return LivenessAssessment(score: score, decision: decision, reasons: reasons, completedActions: completed)
    }

    // MARK: The prompts

    private mutating func advance(with frame: FrameObservation, at time: Date) {
        switch phase {
        case .baseline:
            guard baseline.observe(frame, at: time, for: configuration.baselineSeconds) else { return }
            schedulePrompt(after: time)
        case .waiting(let promptAt):
            if time >= promptAt {
                phase = .prompted(shownAt: promptAt, deadline: promptAt.addingTimeInterval(challenge.secondsPerAction))
                detector = ActionDetector()
                advance(with: frame, at: time)
                return
            }
            let action = challenge.actions[actionIndex]
            // A blink before its prompt is spontaneous; any other action is a recording's.
            if action != .blink, anticipation.observe(frame, action: action, baseline: baseline, configuration: configuration) {
                if !findings.contains(.promptAnticipated(action)) { findings.append(.promptAnticipated(action)) }
                anticipation = AnticipationWatch()
            }
        case .prompted(let shownAt, let deadline):
            let action = challenge.actions[actionIndex]
            if action.needsSmileOutput, !sawSmileOutput, time > shownAt {
                findings.append(.actionNotObservable(action))
                phase = .finished
                return
            }
            if time > deadline {
                failAttempt(at: deadline)
                return
            }
            guard detector.observe(frame, action: action, baseline: baseline, configuration: configuration) else { return }
            let responseTime = time.timeIntervalSince(shownAt)
            if responseTime < configuration.minimumResponseSeconds[action, default: 0] {
                // A blink this quick began before the prompt: spontaneous, so wait for the next one.
                guard action != .blink else {
                    detector = ActionDetector()
                    return
                }
                findings.append(.responseTooFast(action))
            }
            guard action.isHeld else {
                complete(at: time)
                return
            }
            phase = .holding(returnAt: time.addingTimeInterval(challenge.holdDelay(action: actionIndex, attempt: attempt)))
            detector = ActionDetector()
        case .holding(let returnAt):
            let action = challenge.actions[actionIndex]
            if time >= returnAt {
                phase = .returning(shownAt: returnAt, deadline: returnAt.addingTimeInterval(configuration.returnSeconds.upperBound))
                advance(with: frame, at: time)
            } else if detector.isBackAtRest(frame, action: action, baseline: baseline, configuration: configuration) {
                // Let go before the cue: not an answer to it; ask again.
                failAttempt(at: time)
            }
        case .returning(let shownAt, let deadline):
            let action = challenge.actions[actionIndex]
            if time > deadline {
                failAttempt(at: deadline)
            } else if detector.isBackAtRest(frame, action: action, baseline: baseline, configuration: configuration) {
                if time.timeIntervalSince(shownAt) < configuration.returnSeconds.lowerBound { failAttempt(at: time) } else { complete(at: time) }
            }
        case .finished:
            return
        }
    }

    /// The action is done: on to the next prompt.
    private mutating func complete(at time: Date) {
        completed.append(challenge.actions[actionIndex])
        actionIndex += 1
        attempt = 0
        schedulePrompt(after: time)
    }

    /// The attempt failed (no answer in time, or a pose not held until its cue): the prompt is
    /// shown again after a new delay, or, after the last attempt, the action counts as not done.
    private mutating func failAttempt(at time: Date) {
        attempt += 1
        guard attempt < challenge.attemptsPerAction else {
            findings.append(.actionMissing(challenge.actions[actionIndex]))
            phase = .finished
            return
        }
        phase = .waiting(promptAt: time.addingTimeInterval(challenge.promptDelay(action: actionIndex, attempt: attempt)))
        anticipation = AnticipationWatch()
    }

    private mutating func schedulePrompt(after time: Date) {
        guard actionIndex < challenge.actions.count else {
            phase = .finished
            return
        }
        phase = .waiting(promptAt: time.addingTimeInterval(challenge.promptDelay(action: actionIndex, attempt: 0)))
        anticipation = AnticipationWatch()
    }

    // MARK: The clock and the passive models

    private func timingReasons() -> [LivenessAssessment.Reason] {
        var reasons: [LivenessAssessment.Reason] = []
        if let frame = timing.firstNonIncreasing { reasons.append(.timestampsNotIncreasing(frame: frame)) }
        if timing.repeatedFrames > configuration.maximumRepeatedFrames { reasons.append(.repeatedFrames(count: timing.repeatedFrames)) }
        if configuration.minimumIntervalVariation > 0, let variation = timing.intervalVariation, variation < configuration.minimumIntervalVariation {
            reasons.append(.regularFrameClock(variation: variation))
        }
        if let rate = timing.framesPerSecond, !configuration.framesPerSecond.contains(rate) { reasons.append(.frameRateOutOfRange(framesPerSecond: rate)) }
        if timing.longestGap > configuration.maximumGap { reasons.append(.gapInCapture(seconds: timing.longestGap)) }
        return reasons
    }

    /// Each model's mean over the frames; any model below the attack threshold is an attack
    /// signal of its own, and the fused score is the weighted mean, in 0...1.
    private func passiveScores() -> (fused: Float?, attacks: [LivenessAssessment.Reason]) {
        var attacks: [LivenessAssessment.Reason] = []
        var weighted: Double = 0
        var weights: Double = 0
        for (model, total) in passiveTotals.sorted(by: { $0.key < $1.key }) {
            let mean = total.sum / Double(max(1, total.count))
            if Float(mean) < configuration.passiveAttackThreshold { attacks.append(.passiveAttackScore(model: model, score: Float(mean))) }
            let weight = Double(configuration.passiveWeights[model] ?? 1)
            weighted += weight * mean
            weights += weight
        }
        return (weights > 0 ? Float(min(1, max(0, weighted / weights))) : nil, attacks)
    }
}
