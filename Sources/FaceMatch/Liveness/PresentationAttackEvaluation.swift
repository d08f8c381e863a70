/// Presentation-attack detection error rates as ISO/IEC 30107-3 defines them, from labelled
/// sessions: each with its liveness score and, for attacks, the attack instrument species
/// (`print`, `replay`, `face-swap`, `injection`, …). A score at or above the threshold is
/// classified bona fide.
///
/// - APCER for a species: the share of its attack presentations classified bona fide; the
///   overall APCER is the maximum over species.
/// - BPCER: the share of bona fide presentations classified as attacks.
/// - BPCER at a fixed APCER (BPCER20 is BPCER at APCER 5 %): the BPCER at the lowest threshold
///   whose overall APCER does not exceed it.
///
/// The same rates on the session's decisions (``decisionRates``), as a deployment acts on them:
/// an attack counts as an error when it was decided live; a bona fide presentation when it was
/// decided spoof (and, separately, when it was not decided live: spoof or inconclusive).
public struct PresentationAttackEvaluation: Sendable {
    /// One labelled session.
    public struct Sample: Sendable, Hashable {
        /// The fused liveness score, 0 (attack) to 1 (live).
        public let score: Float
        /// What the session decided, when it was a session's.
        public let decision: LivenessAssessment.Decision?
        /// The attack instrument species, or nil for a bona fide presentation.
        public let attackSpecies: String?

        /// Creates a labelled sample; `attackSpecies` nil marks a bona fide presentation.
        public init(score: Float, decision: LivenessAssessment.Decision? = nil, attackSpecies: String?) {
            self.score = score
            self.decision = decision
            self.attackSpecies = attackSpecies
        }

        /// A session's assessment as a sample.
        public init(_ assessment: LivenessAssessment, attackSpecies: String?) {
            self.init(score: assessment.score, decision: assessment.decision, attackSpecies: attackSpecies)
        }
    }

    /// Error rates on decisions.
    public struct DecisionRates: Sendable, Hashable {
        /// Per species: the share of its attacks decided live.
        public let attackAcceptedAsLive: [String: Double]
        /// The share of bona fide presentations decided spoof (BPCER on decisions).
        public let bonaFideDecidedSpoof: Double
        /// The share of bona fide presentations not decided live (spoof or inconclusive): how
        /// many real people are asked to try again or refused.
        public let bonaFideNotAccepted: Double
    }

    private let bonaFide: [Float]
    private let attacks: [String: [Float]]
    private let samples: [Sample]

    /// Creates an evaluation; throws `insufficient-data` unless there are both bona fide and
    /// attack samples, and `invalid-parameter` for a score that is not a finite number in 0...1.
    public init(samples: [Sample]) throws {
        guard samples.allSatisfy({ $0.score.isFinite && (0...1).contains($0.score) }) else {
            throw FaceMatchError(.invalidParameter, "Every score must be a finite number from 0 to 1.")
        }
        self.samples = samples
        bonaFide = samples.filter { $0.attackSpecies == nil }.map(\.score)
        attacks = Dictionary(grouping: samples.filter { $0.attackSpecies != nil }, by: { $0.attackSpecies ?? "" }).mapValues { $0.map(\.score) }
        guard !bonaFide.isEmpty, !attacks.isEmpty else {
            throw FaceMatchError(.insufficientData, "The evaluation needs bona fide and attack presentations.")
        }
    }

    /// The error rates on the samples' decisions; nil unless every sample carries one.
    public var decisionRates: DecisionRates? {
        guard samples.allSatisfy({ $0.decision != nil }) else { return nil }
        let genuine = samples.filter { $0.attackSpecies == nil }
        let bySpecies = Dictionary(grouping: samples.filter { $0.attackSpecies != nil }, by: { $0.attackSpecies ?? "" })
        func share(_ part: [Sample], _ condition: (Sample) -> Bool) -> Double { Double(part.filter(condition).count) / Double(part.count) }
        return DecisionRates(attackAcceptedAsLive: bySpecies.mapValues { share($0) { $0.decision == .live } },
                             bonaFideDecidedSpoof: share(genuine) { $0.decision == .spoof },
                             bonaFideNotAccepted: share(genuine) { $0.decision != .live })
    }

    /// APCER per attack instrument species at `threshold`.
    public func attackPresentationClassificationErrorRates(threshold: Float) -> [String: Double] {
        attacks.mapValues { scores in Double(scores.filter { $0 >= threshold }.count) / Double(scores.count) }
    }

    /// The overall APCER: the worst species.
    public func attackPresentationClassificationErrorRate(threshold: Float) -> Double {
        attackPresentationClassificationErrorRates(threshold: threshold).values.max() ?? 0
    }

    /// BPCER at `threshold`.
    public func bonaFidePresentationClassificationErrorRate(threshold: Float) -> Double {
        Double(bonaFide.filter { $0 < threshold }.count) / Double(bonaFide.count)
    }

    /// The lowest threshold whose overall APCER is at most `apcer`, and the BPCER there.
    public func bonaFideErrorRate(atAttackErrorRate apcer: Double) -> (threshold: Float, bpcer: Double) {
        let candidates = (attacks.values.flatMap { $0 } + bonaFide).sorted() + [.infinity]
        let threshold = candidates.first { attackPresentationClassificationErrorRate(threshold: $0) <= apcer } ?? .infinity
        return (threshold, bonaFidePresentationClassificationErrorRate(threshold: threshold))
    }
}
