/// One result of an ``InvertedFileGallery`` search: a subject by its integer id.
public struct InvertedFileMatch: RankedMatch, Hashable, CustomStringConvertible {
    /// The enrolled subject's integer identifier.
    public let subjectID: Int64
    /// Cosine similarity between the probe and the enrolled template, re-scored after the scan.
    public let similarity: Float

    public var description: String { "\(subjectID) (\(similarity))" }

    /// Higher similarity first; equal similarities by subject id, so results never depend on
    /// the order of enrolment.
    static func ranksBefore(_ lhs: InvertedFileMatch, _ rhs: InvertedFileMatch) -> Bool {
        lhs.similarity != rhs.similarity ? lhs.similarity > rhs.similarity : lhs.subjectID < rhs.subjectID
    }
}
