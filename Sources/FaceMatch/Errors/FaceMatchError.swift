/// The one error type of `FaceMatch`, shaped like `IDCoreError`: a stable ``Code`` and a
/// human ``reason``; two errors are equal when their codes are.
public struct FaceMatchError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A stable error code; compare with `==`, as new codes may be added.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Backing: String, Sendable {
            case invalidEmbedding = "invalid-embedding"
            case dimensionMismatch = "dimension-mismatch"
            case modelMismatch = "model-mismatch"
            case malformedTemplate = "malformed-template"
            case insufficientData = "insufficient-data"
            case invalidParameter = "invalid-parameter"
            case subjectExists = "subject-exists"
            case subjectNotFound = "subject-not-found"
            case malformedGalleryFile = "malformed-gallery-file"
        }

        private let backing: Backing

        private init(_ backing: Backing) {
            self.backing = backing
        }

        /// An embedding holds NaN, infinity or only zeros, or has an unsupported dimension.
        public static let invalidEmbedding = Code(.invalidEmbedding)
        /// Two embeddings or templates of different dimensions were compared.
        public static let dimensionMismatch = Code(.dimensionMismatch)
        /// Templates produced by different face models were compared.
        public static let modelMismatch = Code(.modelMismatch)
        /// A serialized face template is truncated, corrupt or of an unknown version.
        public static let malformedTemplate = Code(.malformedTemplate)
        /// Too few scores to support what was asked, such as a false-match rate of 1e-6 from
        /// a thousand impostor comparisons.
        public static let insufficientData = Code(.insufficientData)
        /// An argument is outside its range: a quality outside 0...1, a rate outside (0, 1).
        public static let invalidParameter = Code(.invalidParameter)
        /// A gallery already holds the subject id being added.
        public static let subjectExists = Code(.subjectExists)
        /// A gallery holds no subject with the id being replaced or removed.
        public static let subjectNotFound = Code(.subjectNotFound)
        /// A gallery file is truncated, corrupt or of an unknown version.
        public static let malformedGalleryFile = Code(.malformedGalleryFile)

        /// The stable machine code.
        public var description: String { backing.rawValue }
    }

    /// What kind of failure this is.
    public let code: Code
    /// What was wrong and what to do.
    public let reason: String

    /// Creates an error with a code and a reason.
    public init(_ code: Code, _ reason: String) {
        self.code = code
        self.reason = reason
    }

    public var description: String { "FaceMatchError(\(code)): \(reason)" }

    public static func == (lhs: FaceMatchError, rhs: FaceMatchError) -> Bool { lhs.code == rhs.code }

    public func hash(into hasher: inout Hasher) { hasher.combine(code) }
}
