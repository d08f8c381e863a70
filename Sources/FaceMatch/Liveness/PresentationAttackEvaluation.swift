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
public struct PresentationAttackEvaluation: Sendable {
    /// One labelled session.
    public struct Sample: Sendable, Hashable {
        /// The fused liveness score, 0 (attack) to 1 (live).
        public let score: Float
        /// The attack instrument species, or nil for a bona fide presentation.
        public let attackSpecies: String?

        /// Creates a labelled sample; `attackSpecies` nil marks a bona fide presentation.
        public init(score: Float, attackSpecies: String?) {
            self.score = score
            self.attackSpecies = attackSpecies
        }
    }

    private let bonaFide: [Float]
    private let attacks: [String: [Float]]

    /// Creates an evaluation; throws unless there are both bona fide and attack samples.
    public init(samples: [Sample]) throws {
        bonaFide = samples.filter { $0.attackSpecies == nil }.map(\.score)
        attacks = Dictionary(grouping: samples.filter { $0.attackSpecies != nil }, by: { $0.attackSpecies ?? "" }).mapValues { $0.map(\.score) }
        guard !bonaFide.isEmpty, !attacks.isEmpty else {
            throw FaceMatchError(.insufficientData, "The evaluation needs bona fide and attack presentations.")
        }
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
