import FaceMatch
import Foundation
import Testing

@Suite("Liveness: active challenge, consistency, passive fusion, ISO/IEC 30107-3 rates")
struct LivenessTests {
    func assess(_ frames: [FrameObservation], _ generator: SyntheticSessions, configuration: LivenessConfiguration = LivenessConfiguration()) -> LivenessAssessment {
        var session = LivenessSession(challenge: generator.challenge, configuration: configuration)
        frames.forEach { session.append($0) }
        return session.assess(now: frames.last?.capturedAt ?? generator.challenge.issuedAt)
    }

    @Test("An honest session is live, with every action completed")
    func honest() throws {
        var generator = try SyntheticSessions(seed: 1, actions: [.blink, .turnLeft, .nod, .openMouth, .smile, .turnRight])
        let assessment = assess(try generator.honest(), generator)
        #expect(assessment.decision == .live, "\(assessment.reasons)")
        #expect(assessment.completedActions == generator.challenge.actions)
        #expect(assessment.score >= 0.8)
    }

    @Test("A photo attack is spoof: no blink, no movement, low passive scores")
    func photo() throws {
        var generator = try SyntheticSessions(seed: 2)
        let assessment = assess(try generator.photo(), generator)
        #expect(assessment.decision == .spoof)
        #expect(assessment.reasons.contains(.staticFace))
        #expect(assessment.reasons.contains(.actionMissing(.blink)))
    }

    @Test("A video replay does the right actions at the wrong time and is not live")
    func replay() throws {
        var generator = try SyntheticSessions(seed: 3)
        let late = assess(try generator.lateReplay(), generator)
        #expect(late.decision != .live)
        #expect(late.reasons.contains(.actionOutOfWindow(.blink)))
        var reordered = try SyntheticSessions(seed: 4)
        let wrongOrder = assess(try reordered.honest(order: [.openMouth, .turnLeft, .blink]), reordered)
        #expect(wrongOrder.decision != .live)
        var recorded = try SyntheticSessions(seed: 5)
        var frames = try recorded.honest()
        for index in frames.indices { frames[index].capturedAt = frames[index].capturedAt.addingTimeInterval(-60) }
        let old = assess(frames, recorded)
        #expect(old.decision == .spoof)
        #expect(old.reasons.contains(.capturedBeforeChallenge))
    }

    @Test("A face swap mid-session is spoof, naming the frame")
    func faceSwap() throws {
        var generator = try SyntheticSessions(seed: 6)
        let frames = try generator.faceSwap()
        let assessment = assess(frames, generator)
        #expect(assessment.decision == .spoof)
        let switched = assessment.reasons.compactMap { reason -> Int? in
            if case .identitySwitch(let frame, _) = reason { return frame }
            return nil
        }
        #expect(switched == [frames.count / 2])
    }

    @Test("Injected frames with duplicated timestamps are spoof")
    func injection() throws {
        var generator = try SyntheticSessions(seed: 7)
        let assessment = assess(try generator.injected(), generator)
        #expect(assessment.decision == .spoof)
        #expect(assessment.reasons.contains(.duplicatedFrame(frame: 11)))
    }

    @Test("Passive scores are fused with their weights; a low fused score alone is an attack signal")
    func passiveFusion() throws {
        var generator = try SyntheticSessions(seed: 8)
        #expect(assess(try generator.honest(passive: 0.2), generator).decision == .spoof)
        var split = try generator.honest()
        for index in split.indices { split[index].antiSpoofingScores = ["texture": 0.1, "depth": 0.9] }
        #expect(assess(split, generator).decision == .live)
        var trustTexture = LivenessConfiguration()
        trustTexture.passiveWeights = ["texture": 1, "depth": 0]
        let weighted = assess(split, generator, configuration: trustTexture)
        #expect(weighted.decision == .spoof)
        #expect(weighted.reasons.contains { if case .passiveAttackScore(let score) = $0 { abs(score - 0.1) < 1e-4 } else { false } })
        var high = try SyntheticSessions(seed: 9)
        #expect(assess(try high.honest(passive: 0.95), high).decision == .live)
    }

    @Test("Timing out of range, gaps, an expired challenge and an empty session give their reasons")
    func timing() throws {
        var generator = try SyntheticSessions(seed: 10)
        var frames = try generator.honest()
        for index in frames.indices { frames[index].capturedAt = generator.challenge.issuedAt.addingTimeInterval(0.2 + Double(index) * 0.001) }
        #expect(assess(frames, generator).reasons.contains { if case .frameRateOutOfRange = $0 { true } else { false } })
        var slow = try SyntheticSessions(seed: 11)
        var gapped = try slow.honest()
        for index in gapped.indices.dropFirst(40) { gapped[index].capturedAt = gapped[index].capturedAt.addingTimeInterval(2) }
        #expect(assess(gapped, slow).reasons.contains { if case .gapInCapture = $0 { true } else { false } })
        var session = LivenessSession(challenge: generator.challenge)
        #expect(session.assess(now: generator.challenge.issuedAt).reasons == [.noFrames])
        try generator.honest().forEach { session.append($0) }
        #expect(session.assess(now: generator.challenge.expiresAt.addingTimeInterval(1)).reasons.contains(.challengeExpired))
    }

    @Test("Challenges draw distinct actions and a fresh nonce")
    func challenges() {
        var generator = SeededGenerator(seed: 12)
        let first = LivenessChallenge.random(actions: 4, now: Date(), using: &generator)
        let second = LivenessChallenge.random(actions: 4, now: Date(), using: &generator)
        #expect(Set(first.actions).count == 4 && first.nonce.count == 32 && first.nonce != second.nonce)
        #expect(throws: FaceMatchError(.invalidParameter, "")) {
            try LivenessChallenge(nonce: "x", actions: [.blink, .blink], issuedAt: Date(), expiresAt: Date().addingTimeInterval(10))
        }
    }

    @Test("APCER per species, the overall APCER, BPCER and BPCER at a fixed APCER over synthetic sessions")
    func padRates() throws {
        var samples: [PresentationAttackEvaluation.Sample] = []
        for seed in 0..<20 {
            var bonaFide = try SyntheticSessions(seed: 100 + UInt64(seed))
            samples.append(.init(score: assess(try bonaFide.honest(), bonaFide).score, attackSpecies: nil))
            var attack = try SyntheticSessions(seed: 200 + UInt64(seed))
            samples.append(.init(score: assess(try attack.photo(), attack).score, attackSpecies: "print"))
            samples.append(.init(score: assess(try attack.faceSwap(), attack).score, attackSpecies: "face-swap"))
            samples.append(.init(score: assess(try attack.lateReplay(), attack).score, attackSpecies: "replay"))
        }
        let evaluation = try PresentationAttackEvaluation(samples: samples)
        let perSpecies = evaluation.attackPresentationClassificationErrorRates(threshold: 0.8)
        #expect(Set(perSpecies.keys) == ["print", "face-swap", "replay"])
        #expect(perSpecies.values.allSatisfy { $0 == 0 })
        #expect(evaluation.attackPresentationClassificationErrorRate(threshold: 0.8) == 0)
        #expect(evaluation.bonaFidePresentationClassificationErrorRate(threshold: 0.8) == 0)
        let bpcer20 = evaluation.bonaFideErrorRate(atAttackErrorRate: 0.05)
        #expect(bpcer20.bpcer == 0)
        let handMade = try PresentationAttackEvaluation(samples: [
            .init(score: 0.9, attackSpecies: nil), .init(score: 0.5, attackSpecies: nil),
            .init(score: 0.7, attackSpecies: "print"), .init(score: 0.1, attackSpecies: "print"), .init(score: 0.2, attackSpecies: "replay"),
        ])
        #expect(handMade.attackPresentationClassificationErrorRates(threshold: 0.6) == ["print": 0.5, "replay": 0])
        #expect(handMade.attackPresentationClassificationErrorRate(threshold: 0.6) == 0.5)
        #expect(handMade.bonaFidePresentationClassificationErrorRate(threshold: 0.6) == 0.5)
        let strict = handMade.bonaFideErrorRate(atAttackErrorRate: 0)
        #expect(strict.threshold == 0.9 && strict.bpcer == 0.5)
        print("PAD over 80 synthetic sessions: APCER per species \(perSpecies), BPCER \(evaluation.bonaFidePresentationClassificationErrorRate(threshold: 0.8))")
    }
}

/// A seeded generator for reproducible challenges.
struct SeededGenerator: RandomNumberGenerator {
    var faces: SyntheticFaces
    init(seed: UInt64) { faces = SyntheticFaces(seed: seed) }
    mutating func next() -> UInt64 { faces.nextUInt64() }
}
