/// One result of a 1:N search.
public struct GalleryMatch<SubjectID: GallerySubjectID>: Sendable, Hashable, CustomStringConvertible {
    /// The enrolled subject's identifier.
    public let subjectID: SubjectID
    /// Cosine similarity between the probe and the enrolled template.
    public let similarity: Float

    public var description: String { "\(subjectID) (\(similarity))" }

    /// Higher similarity first; equal similarities by subject id, so results never depend on
    /// the order of enrolment or removal.
    static func ranksBefore(_ lhs: Self, _ rhs: Self) -> Bool {
        lhs.similarity != rhs.similarity ? lhs.similarity > rhs.similarity : lhs.subjectID < rhs.subjectID
    }
}

/// The best `k` candidates seen so far, kept sorted; `k` is small (tens) in practice.
struct TopK<SubjectID: GallerySubjectID>: Sendable {
    typealias Match = GalleryMatch<SubjectID>
    let k: Int
    private(set) var matches: [Match] = []

    init(k: Int) {
        self.k = k
        matches.reserveCapacity(k + 1)
    }

    /// The score a new candidate must reach to enter (ties are settled by subject id).
    var floor: Float { matches.count < k ? -.infinity : matches[matches.count - 1].similarity }

    mutating func consider(_ match: Match) {
        guard matches.count < k || !Match.ranksBefore(matches[matches.count - 1], match) else { return }
        let position = matches.firstIndex { Match.ranksBefore(match, $0) } ?? matches.count
        matches.insert(match, at: position)
        if matches.count > k { matches.removeLast() }
    }

    mutating func merge(_ other: TopK) {
        other.matches.forEach { consider($0) }
    }
}
