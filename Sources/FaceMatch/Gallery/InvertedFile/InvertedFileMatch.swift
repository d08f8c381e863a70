/// One result of an ``InvertedFileGallery`` search: a subject by its integer id.
public struct InvertedFileMatch: RankedMatch, Hashable, CustomStringConvertible {
    /// The enrolled subject's integer identifier.
    public let subjectID: Int64
    /// Cosine similarity between the probe and the enrolled template, re-scored after the scan.
    public let similarity: Float

    public var description: String { "\(subjectID) (\(similarity))" }
}
