/// Sex as recorded on Chinese identity documents, with its GB/T 2261.1 code.
public enum Sex: String, Sendable, Hashable, Codable, CaseIterable {
    /// Male; the identity number's sequence digit is odd.
    case male
    /// Female; the identity number's sequence digit is even.
    case female

    /// The GB/T 2261.1 code: 1 male, 2 female.
    public var gbCode: Int { self == .male ? 1 : 2 }

    /// The sex encoded by a resident identity number's sequence code: odd for men, even for
    /// women (GB 11643-1999 section 5.2).
    init(sequenceCode: Int) {
        self = sequenceCode % 2 == 1 ? .male : .female
    }
}
