/// 1:1 face verification: a live capture against the template a credential carries, decided at
/// a calibrated threshold.
///
/// ```swift
/// let verifier = FaceVerifier(profile: arcFaceProfile)
/// let result = try verifier.compare(probe: liveTemplate, reference: credentialTemplate)
/// if result.isMatch { … }   // result.falseMatchRate says how often an impostor passes
/// ```
public struct FaceVerifier: Sendable {
    /// The outcome of one comparison.
    public struct Comparison: Sendable, Hashable {
        /// Cosine similarity, -1...1.
        public let similarity: Float
        /// The threshold applied.
        public let threshold: Float
        /// Whether the similarity reaches the threshold.
        public let isMatch: Bool
        /// The false-match rate the threshold was calibrated for.
        public let falseMatchRate: Double
    }

    /// The calibrated threshold the verifier decides with.
    public let profile: CalibrationProfile

    /// Creates a verifier deciding with `profile`'s threshold.
    public init(profile: CalibrationProfile) {
        self.profile = profile
    }

    /// Compares two templates of the profile's model.
    public func compare(probe: FaceTemplate, reference: FaceTemplate) throws -> Comparison {
        for template in [probe, reference] where template.modelID != profile.modelID {
            throw FaceMatchError(.modelMismatch, "A '\(template.modelID)' template cannot be decided with the '\(profile.modelID)' calibration.")
        }
        let similarity = try probe.similarity(to: reference)
        return Comparison(similarity: similarity, threshold: profile.threshold, isMatch: similarity >= profile.threshold,
                          falseMatchRate: profile.falseMatchRate)
    }
}
