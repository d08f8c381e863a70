/// Checks on float32 vectors enrolled in bulk, row after row, before any is added.
enum BulkRows {
    /// Checks a bulk enrolment before any row is added: one row of `dimension` values per id,
    /// ids distinct, every row finite and not zero. Returns the rows' lengths.
    static func checked<ID: Hashable>(_ vectors: UnsafeBufferPointer<Float>, ids: [ID], dimension: Int) throws -> [Float] {
        guard vectors.count == ids.count * dimension else {
            throw FaceMatchError(.dimensionMismatch, "\(vectors.count) values are not \(ids.count) rows of \(dimension).")
        }
        try checkDistinct(ids)
        return try norms(vectors, dimension: dimension, firstRow: 0)
    }

    static func checkDistinct<ID: Hashable>(_ ids: [ID]) throws {
        guard Set(ids).count == ids.count else {
            throw FaceMatchError(.subjectExists, "The subject ids of a bulk enrolment must be distinct.")
        }
    }

    /// The length of each row of `values`, which must be finite and not zero; `firstRow` numbers
    /// the rows in the error, for a block of a larger file.
    static func norms(_ values: UnsafeBufferPointer<Float>, dimension: Int, firstRow: Int) throws -> [Float] {
        try (0..<(values.count / dimension)).map { row in
            var squares: Float = 0
            var finite = true
            // One plain loop: a key path per value (`allSatisfy(\.isFinite)`) cost more than
            // the whole encoding of the row.
            for value in UnsafeBufferPointer(rebasing: values[(row * dimension)..<((row + 1) * dimension)]) {
                finite = finite && value.isFinite
                squares += value * value
            }
            guard finite else { throw FaceMatchError(.invalidEmbedding, "Row \(firstRow + row) holds NaN or infinity.") }
            let norm = squares.squareRoot()
            guard norm > 0, norm.isFinite else { throw FaceMatchError(.invalidEmbedding, "Row \(firstRow + row) is a zero vector (or overflows).") }
            return norm
        }
    }
}
