import FaceMatch
import Foundation
import Testing

@Suite("Liveness: checked input, prompts with random timing, camera clocks, identity over runs, ISO/IEC 30107-3 rates")
struct LivenessTests {
    private static let start = Date(timeIntervalSince1970: 1_795_600_000)

    private func challenge(_ actions: [LivenessAction] = [.turnLeft, .blink, .openMouth], delay: TimeInterval = 1) throws -> LivenessChallenge {
        try LivenessChallenge(nonce: "n", actions: actions, issuedAt: Self.start, expiresAt: Self.start.addingTimeInterval(60),
                              promptDelays: Array(repeating: delay, count: actions.count * 3), holdDelays: Array(repeating: 1, count: actions.count * 3))
    }

    /// A person who answers each prompt `reaction` seconds after it is shown and holds a pose
    /// until the cue to return (`skipping` the first attempts at the actions listed).
    private struct PromptFollower {
        var reaction: TimeInterval = 0.7
        var skipping: Set<LivenessAction> = []
        private var answering: (action: LivenessAction, from: Date)?
        private var returnAt: Date?

        init(reaction: TimeInterval = 0.7, skipping: Set<LivenessAction> = []) {
            self.reaction = reaction
            self.skipping = skipping
        }

        mutating func pose(at time: Date, _ progress: LivenessProgress, _ frame: inout FrameObservation) {
            switch progress.step {
            case .prompt(let action, let attempt, let shownAt, _):
                if answering?.action != action, attempt > 1 || !skipping.contains(action) { (answering, returnAt) = ((action, shownAt.addingTimeInterval(reaction)), nil) }
            case .hold(_, let cue): returnAt = returnAt ?? cue.addingTimeInterval(reaction)
            default: break
            }
            guard let (action, from) = answering, time >= from else { return }
            if let returnAt, time >= returnAt { return }
            if !action.isHeld, time > from.addingTimeInterval(0.4) { return }
            switch action {
            case .turnLeft: frame.yaw = 30
            case .turnRight: frame.yaw = -30
            case .openMouth: frame.mouthOpenness = 0.8
            case .smile: frame.smile = 0.9
            case .blink: frame.eyeOpenness = time < from.addingTimeInterval(0.15) ? 0.05 : frame.eyeOpenness
            case .nod: frame.pitch = time < from.addingTimeInterval(0.25) ? -20 : 0
            }
        }
    }

    /// A frame of a face at rest, with a little of the noise a live camera has.
    private func frame(_ seconds: TimeInterval, _ faces: inout SyntheticFaces, identity: [Float], eyes: Float = 0.8, yaw: Float = 0,
                       mouth: Float = 0.05, quality: Float? = nil) throws -> FrameObservation {
        FrameObservation(capturedAt: Self.start.addingTimeInterval(seconds), eyeOpenness: eyes + 0.01 * faces.gaussian(), mouthOpenness: mouth,
                         yaw: yaw + 0.3 * faces.gaussian(), pitch: 0.3 * faces.gaussian(),
                         faceBox: .init(x: 0.35, y: 0.3, width: 0.3 + 0.003 * faces.gaussian(), height: 0.4),
                         embedding: try faces.capture(of: identity, noise: 0.5), quality: quality)
    }

    @Test("Observations that are not finite or not in range are refused on entry, and change nothing")
    func refusesBadObservations() throws {
        var faces = SyntheticFaces(seed: 1)
        let identity = faces.identity(dimension: 128)
        var session = try LivenessSession(challenge: try challenge())
        let good = try frame(0.1, &faces, identity: identity)
        var bad = [good, good, good, good, good, good]
        bad[0].capturedAt = Date(timeIntervalSince1970: .nan)
        bad[1].eyeOpenness = .nan
        bad[2].yaw = .infinity
        bad[3].antiSpoofingScores = ["texture": 1.5]
        bad[4].faceBox.width = -.infinity
        bad[5].quality = .nan
        for frame in bad { #expect(throws: FaceMatchError.self) { try session.append(frame) } }
        #expect(session.lastFrameTime == nil && session.assess(now: Self.start).reasons == [.noFrames])
        try session.append(good)
        #expect(session.lastFrameTime == good.capturedAt)
    }

    @Test("Configurations and challenges are checked, decoded ones too; no reason's text can trap")
    func checkedSettings() throws {
        var configuration = LivenessConfiguration()
        configuration.passiveWeights = ["texture": -1]
        #expect(throws: FaceMatchError.self) { try LivenessSession(challenge: try challenge(), configuration: configuration) }
        configuration = LivenessConfiguration()
        configuration.liveThreshold = .nan
        #expect(throws: FaceMatchError.self) { try LivenessSession(challenge: try challenge(), configuration: configuration) }
        #expect(throws: FaceMatchError.self) { try LivenessSession(challenge: try challenge(), cameraClockOffset: .infinity) }
        #expect(throws: FaceMatchError.self) {
            try LivenessChallenge(nonce: "n", actions: [.blink, .blink], issuedAt: Self.start, expiresAt: Self.start + 9, promptDelays: [1, 1, 1, 1, 1, 1], holdDelays: [1, 1, 1, 1, 1, 1])
        }
        #expect(throws: FaceMatchError.self) {
            try LivenessChallenge(nonce: "n", actions: [.blink], issuedAt: Self.start, expiresAt: Self.start + 9, promptDelays: [.nan, 1, 1], holdDelays: [1, 1, 1])
        }
        #expect(throws: FaceMatchError.self) {
            try LivenessChallenge(nonce: "n", actions: [.blink], issuedAt: Self.start, expiresAt: Self.start + 9, promptDelays: [1, 1, 1], holdDelays: [1])
        }
        let encoded = try JSONEncoder().encode(try challenge())
        #expect(try JSONDecoder().decode(LivenessChallenge.self, from: encoded) == (try challenge()))
        let tampered = String(decoding: encoded, as: UTF8.self).replacingOccurrences(of: "\"blink\"", with: "\"turn_left\"")
        #expect(throws: (any Error).self) { try JSONDecoder().decode(LivenessChallenge.self, from: Data(tampered.utf8)) }
        for value in [Double.nan, .infinity, -.infinity, 1e300] {
            for reason in [LivenessAssessment.Reason.frameRateOutOfRange(framesPerSecond: value), .gapInCapture(seconds: value), .regularFrameClock(variation: value),
                           .identitySwitch(frame: 3, similarity: Float(value)), .passiveAttackScore(model: "m", score: Float(value))] {
                #expect(!reason.description.isEmpty && !reason.message(in: .simplifiedChinese).isEmpty)
            }
        }
        #expect(LivenessAction.nod.instruction(in: .simplifiedChinese) == "请点头")
    }

    @Test("Progress: a baseline, each prompt when its delay is over with a deadline, a pose held until its cue, finished; a person who answers is live")
    func progressAndLive() throws {
        var faces = SyntheticFaces(seed: 2)
        let identity = faces.identity(dimension: 128)
        var session = try LivenessSession(challenge: try challenge([.turnLeft, .openMouth]))
        var follower = PromptFollower()
        var steps: [LivenessProgress.Step] = []
        var time = 0.0
        while time < 30, !session.progress.isFinished {
            var observed = try frame(time, &faces, identity: identity)
            follower.pose(at: Self.start.addingTimeInterval(time), session.progress, &observed)
            let progress = try session.append(observed)
            if steps.last != progress.step { steps.append(progress.step) }
            time += 1.0 / 30 + 0.002 * Double(faces.gaussian())
        }
        #expect(steps.first == .baseline)
        guard case .prompt(.turnLeft, 1, let shownAt, let deadline) = steps.first(where: { if case .prompt = $0 { true } else { false } }) else {
            Issue.record("no prompt in \(steps)"); return
        }
        #expect(deadline.timeIntervalSince(shownAt) == 6)
        #expect(steps.contains { if case .hold(.turnLeft, _) = $0 { true } else { false } })
        #expect(steps.contains { if case .returnToRest(.openMouth, _, _) = $0 { true } else { false } })
        #expect(steps.last == .finished && session.progress.completedActions == [.turnLeft, .openMouth])
        let assessment = session.assess(now: try #require(session.lastFrameTime))
        #expect(assessment.decision == .live, "\(assessment.reasons)")
    }

    @Test("A pose let go before its cue to return is not an answer: the prompt is shown again")
    func poseNotHeld() throws {
        var attempts: Set<Int> = []
        let assessment = try run(try challenge([.turnLeft])) { time, progress, frame in
            if case .prompt(_, let attempt, let shownAt, _) = progress.step { attempts.insert(attempt); _ = shownAt }
            // A turn of 0.5 s, answered 0.7 s after each prompt, never held.
            if case .prompt(_, _, let shownAt, _) = progress.step, Self.start.addingTimeInterval(time) > shownAt.addingTimeInterval(0.7) { frame.yaw = 30 }
        }
        #expect(attempts == [1, 2, 3])
        #expect(assessment.decision == .inconclusive && assessment.reasons == [.actionMissing(.turnLeft)], "\(assessment.reasons)")
    }

    /// Runs a face at rest with `motion` laid over it, frame by frame at about 30 frames a second.
    private func run(_ challenge: LivenessChallenge, seconds: TimeInterval = 25, seed: UInt64 = 3,
                     motion: (TimeInterval, LivenessProgress, inout FrameObservation) -> Void) throws -> LivenessAssessment {
        var faces = SyntheticFaces(seed: seed)
        let identity = faces.identity(dimension: 128)
        var session = try LivenessSession(challenge: challenge)
        var time = 0.0
        while time < seconds, !session.progress.isFinished {
            var observed = try frame(time, &faces, identity: identity)
            motion(time, session.progress, &observed)
            try session.append(observed)
            time += 1.0 / 30 + 0.002 * Double(faces.gaussian())
        }
        return session.assess(now: session.lastFrameTime ?? Self.start)
    }

    @Test("A blink before its prompt is never the answer, nor held against the person; a blink in the first frame does not stop the blink asked for")
    func spontaneousBlink() throws {
        var asked: Date?
        let assessment = try run(try challenge([.blink])) { time, progress, frame in
            // Eyes closed in the first frames, a spontaneous blink just before the prompt, then the answer.
            if time < 0.1 { frame.eyeOpenness = 0.05 }
            if case .waiting(_, let shownAt) = progress.step, (-0.35 ... -0.15).contains(Self.start.addingTimeInterval(time).timeIntervalSince(shownAt)) {
                frame.eyeOpenness = 0.05
            }
            if case .prompt(_, _, let shownAt, _) = progress.step { asked = asked ?? shownAt }
            if let asked, (0.7...0.8).contains(Self.start.addingTimeInterval(time).timeIntervalSince(asked)) { frame.eyeOpenness = 0.05 }
        }
        #expect(assessment.decision == .live, "\(assessment.reasons)")
    }

    @Test("Judged against the person's baseline: eyes that glasses show half open still blink, a camera to one side does not read as a turn")
    func baseline() throws {
        var follower = PromptFollower()
        let assessment = try run(try challenge([.blink, .turnRight])) { time, progress, frame in
            // Glasses: open eyes read 0.4; the camera sits 22 degrees to the side, past a turn's threshold.
            frame.eyeOpenness = 0.4 + 0.01 * Float(sin(time * 7))
            follower.pose(at: Self.start.addingTimeInterval(time), progress, &frame)
            frame.yaw -= 22
            if frame.eyeOpenness < 0.1 { frame.eyeOpenness = 0.08 }
        }
        #expect(assessment.decision == .live, "\(assessment.reasons)")
    }

    @Test("Three frames at one time, times that run backwards, a first time far in the past: described without trapping")
    func degenerateClocks() throws {
        var faces = SyntheticFaces(seed: 8)
        let identity = faces.identity(dimension: 128)
        for times in [[0.1, 0.1, 0.1], [0.3, 0.2, 0.1], [-1e9, 0.1, 0.2]] {
            var session = try LivenessSession(challenge: try challenge())
            for seconds in times { try session.append(try frame(seconds, &faces, identity: identity)) }
            let assessment = session.assess(now: Self.start)
            #expect(!"\(assessment)".isEmpty && assessment.decision != .live)
        }
    }

    @Test("Ten thousand frames of arbitrary values, NaN and infinities among them: each refused or taken, no trap, every text printable")
    func arbitraryFrames() throws {
        var faces = SyntheticFaces(seed: 77)
        let identity = faces.identity(dimension: 64)
        let specials: [Float] = [.nan, .infinity, -.infinity, .greatestFiniteMagnitude, -1, 0, 1, 2, 1e-30]
        func pick() -> Float { faces.uniform() < 0.2 ? specials[Int(faces.nextUInt64() % UInt64(specials.count))] : Float(faces.uniform() * 2 - 0.5) }
        var session = try LivenessSession(challenge: try challenge([.blink, .smile, .nod]))
        var taken = 0
        for index in 0..<10_000 {
            let seconds = faces.uniform() < 0.05 ? Double(pick()) : Double(index) / 30
            let frame = FrameObservation(
                capturedAt: Self.start.addingTimeInterval(seconds.isFinite ? seconds : .nan), eyeOpenness: pick(), mouthOpenness: pick(),
                smile: faces.uniform() < 0.5 ? pick() : nil, yaw: pick() * 90, pitch: pick() * 90,
                faceBox: .init(x: pick(), y: pick(), width: pick(), height: pick()), embedding: try faces.capture(of: identity, noise: 0.5),
                antiSpoofingScores: faces.uniform() < 0.3 ? ["m": pick()] : [:], quality: faces.uniform() < 0.3 ? pick() : nil)
            if (try? session.append(frame)) != nil { taken += 1 }
            _ = "\(session.progress)"
        }
        let assessment = session.assess(now: Self.start.addingTimeInterval(400))
        #expect(taken > 0 && (0...1).contains(assessment.score))
        #expect(assessment.reasons.allSatisfy { !$0.description.isEmpty && !$0.message(in: .simplifiedChinese).isEmpty })
    }

    @Test("No response to any attempt is inconclusive (ask again), never spoof")
    func noResponse() throws {
        let assessment = try run(try challenge([.turnLeft, .nod])) { _, _, _ in }
        #expect(assessment.decision == .inconclusive)
        #expect(assessment.reasons == [.actionMissing(.turnLeft)])
    }

    @Test("A missed prompt is shown again after a new delay, and answering the second attempt is live")
    func retry() throws {
        var follower = PromptFollower(skipping: [.turnLeft])
        let assessment = try run(try challenge([.turnLeft])) { time, progress, frame in
            follower.pose(at: Self.start.addingTimeInterval(time), progress, &frame)
        }
        #expect(assessment.decision == .live, "\(assessment.reasons)")
    }

    @Test("Garbage frames and a blurred frame are skipped; several good frames of another face are an identity switch")
    func identityOverRuns() throws {
        var faces = SyntheticFaces(seed: 9)
        let stranger = faces.identity(dimension: 128)
        var follower = PromptFollower()
        let isolated = try run(try challenge([.turnLeft])) { time, progress, frame in
            follower.pose(at: Self.start.addingTimeInterval(time), progress, &frame)
            if Int(time * 30) % 37 == 5 { frame.embedding = (try? faces.capture(of: stranger, noise: 0.5)) ?? frame.embedding }
        }
        #expect(isolated.decision == .live, "\(isolated.reasons)")
        follower = PromptFollower()
        let swapped = try run(try challenge([.turnLeft])) { time, progress, frame in
            follower.pose(at: Self.start.addingTimeInterval(time), progress, &frame)
            if (1.5...2.0).contains(time) { frame.embedding = (try? faces.capture(of: stranger, noise: 0.5)) ?? frame.embedding }
        }
        #expect(swapped.decision == .spoof && swapped.reasons.contains { if case .identitySwitch = $0 { true } else { false } })
    }

    @Test("A turn done before its prompt is a recording's answer; one done faster than a person can respond is a script's")
    func promptTiming() throws {
        var follower = PromptFollower()
        let early = try run(try challenge([.openMouth, .turnLeft], delay: 2)) { time, progress, frame in
            follower.pose(at: Self.start.addingTimeInterval(time), progress, &frame)
            if case .waiting(.turnLeft, let shownAt) = progress.step, Self.start.addingTimeInterval(time) > shownAt.addingTimeInterval(-1) { frame.yaw = 30 }
        }
        #expect(early.decision == .spoof && early.reasons.contains(.promptAnticipated(.turnLeft)), "\(early.reasons)")
        let scripted = try run(try challenge([.turnLeft])) { time, progress, frame in
            if case .prompt(_, _, let shownAt, _) = progress.step, Self.start.addingTimeInterval(time) > shownAt.addingTimeInterval(0.05) { frame.yaw = 30 }
        }
        #expect(scripted.decision == .spoof && scripted.reasons.contains(.responseTooFast(.turnLeft)), "\(scripted.reasons)")
    }

    @Test("A perfectly regular clock and frames repeated under new times are a virtual camera's; times that run backwards are injected")
    func cameraClock() throws {
        var faces = SyntheticFaces(seed: 4)
        let identity = faces.identity(dimension: 128)
        var regular = try LivenessSession(challenge: try challenge())
        for index in 0..<90 { try regular.append(try frame(Double(index) / 30, &faces, identity: identity)) }
        #expect(regular.assess(now: Self.start).reasons.contains { if case .regularFrameClock = $0 { true } else { false } })
        var repeated = try LivenessSession(challenge: try challenge())
        var last = try frame(0, &faces, identity: identity)
        for index in 0..<60 {
            var next = index.isMultiple(of: 2) ? try frame(Double(index) / 30, &faces, identity: identity) : last
            next.capturedAt = Self.start.addingTimeInterval(Double(index) / 30 + 0.003 * Double(faces.gaussian()))
            try repeated.append(next)
            last = next
        }
        #expect(repeated.assess(now: Self.start).reasons.contains { if case .repeatedFrames = $0 { true } else { false } })
        var backwards = try LivenessSession(challenge: try challenge())
        for seconds in [0.1, 0.2, 0.15, 0.3] { try backwards.append(try frame(seconds, &faces, identity: identity)) }
        #expect(backwards.assess(now: Self.start).reasons.contains(.timestampsNotIncreasing(frame: 2)))
    }

    @Test("The camera clock is put on the challenge's by the offset given, not compared raw")
    func clockOffset() throws {
        var faces = SyntheticFaces(seed: 5)
        let identity = faces.identity(dimension: 128)
        var early = try frame(0.2, &faces, identity: identity)
        early.capturedAt = early.capturedAt.addingTimeInterval(-120)
        var raw = try LivenessSession(challenge: try challenge())
        try raw.append(early)
        #expect(raw.assess(now: Self.start).reasons.contains(.capturedBeforeChallenge))
        var offset = try LivenessSession(challenge: try challenge(), cameraClockOffset: 120)
        try offset.append(early)
        #expect(!offset.assess(now: Self.start).reasons.contains(.capturedBeforeChallenge))
    }

    @Test("One passive model's strong attack signal is not diluted by others; the fused score stays in 0...1")
    func passiveFusion() throws {
        var configuration = LivenessConfiguration()
        configuration.passiveWeights = ["texture": 5, "depth": 1]
        let assessment = try run(try challenge([.turnLeft])) { _, _, frame in frame.antiSpoofingScores = ["texture": 1, "depth": 0.05] }
        #expect(assessment.reasons.contains(.passiveAttackScore(model: "depth", score: 0.05)))
        #expect(assessment.decision == .spoof && (0...1).contains(assessment.score))
    }

    @Test("The evaluation refuses NaN and reports rates on decisions")
    func evaluation() throws {
        #expect(throws: FaceMatchError.self) { try PresentationAttackEvaluation(samples: [.init(score: .nan, attackSpecies: nil), .init(score: 0.1, attackSpecies: "print")]) }
        let rates = try PresentationAttackEvaluation(samples: [
            .init(score: 0.9, decision: .live, attackSpecies: nil), .init(score: 0.5, decision: .inconclusive, attackSpecies: nil),
            .init(score: 0.1, decision: .spoof, attackSpecies: nil), .init(score: 0.9, decision: .live, attackSpecies: "replay"),
            .init(score: 0.1, decision: .spoof, attackSpecies: "replay"), .init(score: 0.1, decision: .spoof, attackSpecies: "print"),
        ]).decisionRates
        #expect(rates?.attackAcceptedAsLive == ["replay": 0.5, "print": 0])
        #expect(rates?.bonaFideDecidedSpoof == 1.0 / 3 && rates?.bonaFideNotAccepted == 2.0 / 3)
        let handMade = try PresentationAttackEvaluation(samples: [
            .init(score: 0.9, attackSpecies: nil), .init(score: 0.5, attackSpecies: nil),
            .init(score: 0.7, attackSpecies: "print"), .init(score: 0.1, attackSpecies: "print"), .init(score: 0.2, attackSpecies: "replay"),
        ])
        #expect(handMade.attackPresentationClassificationErrorRates(threshold: 0.6) == ["print": 0.5, "replay": 0])
        #expect(handMade.bonaFidePresentationClassificationErrorRate(threshold: 0.6) == 0.5)
        let strict = handMade.bonaFideErrorRate(atAttackErrorRate: 0)
        #expect(strict.threshold == 0.9 && strict.bpcer == 0.5)
    }

    @Test("Seeded people and attacks: at most 5 % of real people asked again or refused; every attack active liveness can catch decided live at most 5 %")
    func rates() throws {
        let sessions = Int(ProcessInfo.processInfo.environment["VIRTUALIDKIT_LIVENESS_SESSIONS"] ?? "") ?? 100
        var simulator = LivenessSimulator(seed: 2026)
        var samples: [PresentationAttackEvaluation.Sample] = []
        var refusals: [String: Int] = [:]
        for _ in 0..<(sessions * 2) {
            let assessment = try simulator.bonaFide(try simulator.challenge())
            if assessment.decision != .live, let reason = assessment.reasons.first { refusals[String("\(reason)".prefix(60)), default: 0] += 1 }
            samples.append(.init(assessment, attackSpecies: nil))
        }
        for species in LivenessSimulator.Species.allCases {
            for _ in 0..<(sessions / 2) { samples.append(.init(try simulator.attack(species, try simulator.challenge()), attackSpecies: species.rawValue)) }
        }
        let rates = try #require(try PresentationAttackEvaluation(samples: samples).decisionRates)
        print("Liveness over \(samples.count) seeded sessions: bona fide not accepted \(rates.bonaFideNotAccepted), decided spoof \(rates.bonaFideDecidedSpoof)")
        print("  why bona fide sessions were not live: \(refusals.sorted { $0.value > $1.value })")
        for (species, rate) in rates.attackAcceptedAsLive.sorted(by: { $0.key < $1.key }) { print("  \(species): decided live \(rate)") }
        #expect(rates.bonaFideNotAccepted <= 0.05)
        for species in LivenessSimulator.Species.allCases where species.isCatchableByActiveLiveness {
            #expect((rates.attackAcceptedAsLive[species.rawValue] ?? 1) <= 0.05, "\(species.rawValue)")
        }
    }
}
