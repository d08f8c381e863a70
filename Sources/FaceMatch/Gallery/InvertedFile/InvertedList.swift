/// One list of an ``InvertedFileGallery``: the templates nearest one centroid, each stored as the
/// int8 code of its residual (template minus centroid) with a scale, and in a refined gallery
/// also as the int8 code of what that code left over, which re-scores the scan's shortlist.
///
/// A residual is far shorter than the template, so the same 8 bits resolve it several times
/// more finely than the template itself.
struct InvertedList: @unchecked Sendable {
    private(set) var codes: GalleryRows
    private(set) var refinements: GalleryRows?
    private(set) var scales: [Float] = []
    private(set) var refinementScales: [Float] = []
    private(set) var subjectIDs: [Int64] = []

    var count: Int { subjectIDs.count }

    init(dimension: Int, refined: Bool) {
        codes = GalleryRows(dimension: dimension, bytesPerValue: 1, capacity: 1)
        refinements = refined ? GalleryRows(dimension: dimension, bytesPerValue: 1, capacity: 1) : nil
    }

    func deallocate() {
        codes.deallocate()
        refinements?.deallocate()
    }

    /// Bytes held for the list's templates, reserved room included.
    var allocatedBytes: Int {
        codes.capacity * codes.rowStride + (refinements.map { $0.capacity * $0.rowStride } ?? 0)
            + (scales.capacity + refinementScales.capacity) * MemoryLayout<Float>.stride + subjectIDs.capacity * MemoryLayout<Int64>.stride
    }

    /// Makes room for `added` more templates: exactly when the list is empty (a bulk enrolment
    /// into a new gallery), else at least half again its room, so that enrolling a few at a time
    /// stays amortised.
    mutating func reserve(adding added: Int) {
        let needed = count + added
        guard needed > codes.capacity else { return }
        reserve(count == 0 ? needed : max(needed, codes.capacity + codes.capacity / 2))
    }

    private mutating func reserve(_ total: Int) {
        codes.reserve(total)
        refinements?.reserve(total)
        scales.reserveCapacity(total)
        refinementScales.reserveCapacity(refinements == nil ? 0 : total)
        subjectIDs.reserveCapacity(total)
    }

    mutating func append(_ row: EncodedRow, for subjectID: Int64) {
        codes.append(row.bytes)
        scales.append(row.scale)
        if let residual = row.residual {
            refinements?.append(residual.bytes)
            refinementScales.append(residual.scale)
        }
        subjectIDs.append(subjectID)
    }

    /// Drops the templates from `newCount` on (a bulk enrolment undone).
    mutating func truncate(to newCount: Int) {
        codes.truncate(to: newCount)
        refinements?.truncate(to: newCount)
        scales.removeLast(scales.count - newCount)
        refinementScales.removeLast(refinements == nil ? 0 : refinementScales.count - newCount)
        subjectIDs.removeLast(subjectIDs.count - newCount)
    }

    /// Removes the template at `index` by moving the last one into its place.
    mutating func remove(at index: Int) {
        _ = codes.removeByMovingLast(index)
        _ = refinements?.removeByMovingLast(index)
        scales[index] = scales[count - 1]
        scales.removeLast()
        if refinements != nil {
            refinementScales[index] = refinementScales[count - 1]
            refinementScales.removeLast()
        }
        subjectIDs[index] = subjectIDs[count - 1]
        subjectIDs.removeLast()
    }
}
