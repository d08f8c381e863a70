/// Whether the face in front of the camera stays the person's: the reference is the mean of the
/// session's first good frames (those that disagree with the rest left out), and another face is
/// declared only after ``LivenessConfiguration/identityRun`` good frames in a row unlike it, so
/// one blurred or garbage frame is skipped, not read as a swap.
struct IdentityTracker: Sendable {
    private static let referenceFrames = 5
    private var collected: [FaceEmbedding] = []
    private var reference: FaceEmbedding?
    private var run = 0
    private var runStart = 0
    private var runSimilarity: Float = 1
    private var reported = false
    /// Whether the last frame is the reference face (frames before the reference count as such).
    private(set) var isSameFace = true

    /// Takes a good frame's embedding; the identity switch, the first time one is seen.
    mutating func observe(_ embedding: FaceEmbedding, index: Int, configuration: LivenessConfiguration) -> LivenessAssessment.Reason? {
        guard let reference else {
            collected.append(embedding)
            if collected.count == Self.referenceFrames { reference = Self.reference(of: collected, threshold: configuration.sameFaceThreshold) }
            return nil
        }
        let similarity = (try? embedding.cosineSimilarity(to: reference)) ?? -1
        guard similarity < configuration.sameFaceThreshold else {
            run = 0
            isSameFace = true
            return nil
        }
        isSameFace = false
        run += 1
        if run == 1 {
            runStart = index
            runSimilarity = similarity
        }
        runSimilarity = min(runSimilarity, similarity)
        guard run >= configuration.identityRun, !reported else { return nil }
        reported = true
        return .identitySwitch(frame: runStart, similarity: runSimilarity)
    }

    /// The mean of the embeddings that agree with the mean of all of them.
    private static func reference(of embeddings: [FaceEmbedding], threshold: Float) -> FaceEmbedding? {
        guard let everyone = mean(embeddings) else { return nil }
        let agreeing = embeddings.filter { ((try? $0.cosineSimilarity(to: everyone)) ?? -1) >= threshold }
        return mean(agreeing.isEmpty ? embeddings : agreeing)
    }

    private static func mean(_ embeddings: [FaceEmbedding]) -> FaceEmbedding? {
        guard let first = embeddings.first else { return nil }
        var sum = [Float](repeating: 0, count: first.dimension)
        for embedding in embeddings where embedding.dimension == first.dimension {
            for index in sum.indices { sum[index] += embedding.values[index] }
        }
        return try? FaceEmbedding(sum)
    }
}
