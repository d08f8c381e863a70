import CFaceKernels
import Foundation

/// A gallery for city-scale 1:N search (ten million templates and more): an inverted-file
/// index. A coarse quantiser trained by k-means on a sample of the gallery splits the templates
/// into `lists` lists of their nearest centroid; a search scores the probe against the
/// centroids, scans only the `listsSearched` nearest lists, and re-scores the scan's shortlist.
///
/// Each template is stored as the int8 code of its residual from its list's centroid (far
/// shorter than the template, so resolved several times more finely than a flat int8 code) and,
/// when `refined`, the int8 code of what that code left over: 1,032 bytes and an 8-byte id per
/// 512-d template refined, 520 without, against 2,048 for float32. Re-scoring with both codes
/// gives the similarity within about 1e-4, so what an inverted-file search can miss is only a
/// neighbour in a list it did not scan: recall grows with `listsSearched`, and the benchmark
/// measures it on clustered identities.
///
/// Subjects are integers (as in FAISS); ids are checked unique on enrolment. Searches run
/// concurrently with each other and wait for a writer. One probe is searched on the calling
/// thread unless `threads` asks for more; a batch spreads its probes over every core unless
/// `threads` caps it.
///
/// ```swift
/// let gallery = try InvertedFileGallery(modelID: "arcface-r100-v1", dimension: 512, lists: 4096, training: sample)
/// try gallery.add(vectors: embeddings, subjectIDs: citizenNumbers)
/// let best = try gallery.search(probe, k: 10, listsSearched: 64)
/// ```
public final class InvertedFileGallery: @unchecked Sendable {
    /// The face model whose templates the gallery holds; others are refused.
    public let modelID: String
    /// The embedding dimension of every template.
    public let dimension: Int
    /// Whether templates carry the second code that re-scores the shortlist.
    public let refined: Bool

    private let quantizer: CoarseQuantizer
    private let lock = ReadWriteLock()
    private var lists: [InvertedList]
    private var enrolled: Set<Int64> = []

    /// Rows enrolled at a time in bulk: normalised, assigned and encoded in a buffer of this
    /// many, so enrolment never copies the whole input.
    private static let enrolmentBlock = 4096

    /// A number of lists for a gallery of `count` templates: about 4√count (a power of two),
    /// FAISS's own rule of thumb, at least 1.
    public static func recommendedLists(for count: Int) -> Int {
        let target = 4 * Double(max(1, count)).squareRoot()
        return 1 << max(0, Int(log2(target).rounded()))
    }

    /// Trains the coarse quantiser on `sample` (float32 vectors of `dimension`, row after row,
    /// normalised here; a few dozen rows per list is enough, more only slows training) and
    /// creates an empty gallery. Throws when the sample has fewer rows than lists, or a row that
    /// is not finite or is zero. Training uses every core unless `threads` caps it; the same
    /// sample and `seed` give the same lists.
    public init(modelID: String, dimension: Int, lists listCount: Int, training sample: UnsafeBufferPointer<Float>, refined: Bool = true,
                iterations: Int = 10, seed: UInt64 = 0x5EED, threads: Int? = nil) throws {
        try FaceTemplate.checkModelID(modelID)
        guard FaceEmbedding.dimensions.contains(dimension) else {
            throw FaceMatchError(.invalidParameter, "A gallery dimension is \(FaceEmbedding.dimensions), not \(dimension).")
        }
        guard listCount >= 1, iterations >= 1, sample.count % dimension == 0, sample.count / dimension >= listCount else {
            throw FaceMatchError(.insufficientData, "Training \(listCount) lists needs at least as many sample rows of \(dimension) values, and one iteration or more.")
        }
        let norms = try BulkRows.norms(sample, dimension: dimension, firstRow: 0)
        let normalised = norms.enumerated().flatMap { row, norm in sample[(row * dimension)..<((row + 1) * dimension)].map { $0 / norm } }
        self.modelID = modelID
        self.dimension = dimension
        self.refined = refined
        quantizer = normalised.withUnsafeBufferPointer {
            CoarseQuantizer.train(sample: $0, dimension: dimension, lists: listCount, iterations: iterations, seed: seed, threads: Self.cores(threads))
        }
        lists = (0..<listCount).map { _ in InvertedList(dimension: dimension, refined: refined) }
        // The normalised sample and training's buffers, freed, would stay resident.
        vidk_release_free_memory()
    }

    deinit {
        lists.forEach { $0.deallocate() }
        quantizer.centroids.deallocate()
    }

    /// The number of lists the coarse quantiser splits the gallery into.
    public var listCount: Int { quantizer.count }

    /// The number of enrolled subjects.
    public var count: Int { lock.reading { enrolled.count } }

    /// Whether `subjectID` is enrolled.
    public func contains(subjectID: Int64) -> Bool { lock.reading { enrolled.contains(subjectID) } }

    /// The bytes the gallery holds: codes, scales, ids, centroids and the id set.
    public var memoryBytes: Int {
        lock.reading {
            lists.reduce(0) { $0 + $1.allocatedBytes } + quantizer.centroids.capacity * quantizer.centroids.rowStride
                + enrolled.capacity * MemoryLayout<Int64>.stride
        }
    }

    /// The number of templates in each list, for judging how evenly the quantiser split them.
    public var listSizes: [Int] { lock.reading { lists.map(\.count) } }

    /// Enrols one template for a new subject.
    public func add(_ template: FaceTemplate, for subjectID: Int64) throws {
        try checkCompatible(template)
        try template.embedding.values.withUnsafeBufferPointer { try add(vectors: $0, subjectIDs: [subjectID]) }
    }

    /// Enrols many subjects from one buffer of float32 vectors, row after row (the layout of a
    /// NumPy `float32` array of shape `(n, dimension)`), each normalised as ``FaceEmbedding``
    /// normalises. Every row and id is checked before any is added, so a bad row adds nothing;
    /// rows are assigned and encoded a block at a time on every core unless `threads` caps it.
    public func add(vectors: UnsafeBufferPointer<Float>, subjectIDs ids: [Int64], threads: Int? = nil) throws {
        let norms = try BulkRows.checked(vectors, ids: ids, dimension: dimension)
        try lock.writing {
            try checkNotEnrolled(ids)
            try enrol(ids, threads: Self.cores(threads)) { body in
                for first in stride(from: 0, to: ids.count, by: Self.enrolmentBlock) {
                    let rows = first..<min(ids.count, first + Self.enrolmentBlock)
                    try normalised(UnsafeBufferPointer(rebasing: vectors[(rows.lowerBound * dimension)..<(rows.upperBound * dimension)]), norms: norms[rows]) { try body(first, $0) }
                }
            }
        }
    }

    /// Enrols many subjects from a NumPy `.npy` file of a float32 matrix of shape
    /// `(subjectIDs.count, dimension)`, as `numpy.save` writes it, a block of rows at a time: the
    /// file is read once to check every row and find its list, then once to enrol, so a bad row
    /// adds nothing and the file is never held in memory. Searches wait while it enrols.
    public func add(numPyFile url: URL, subjectIDs ids: [Int64], threads: Int? = nil) throws {
        let matrix = try NumPyMatrix(url: url)
        guard matrix.columns == dimension, matrix.rows == ids.count else {
            throw FaceMatchError(.dimensionMismatch, "\(url.lastPathComponent) holds \(matrix.rows) × \(matrix.columns) values, not \(ids.count) × \(dimension).")
        }
        try BulkRows.checkDistinct(ids)
        try lock.writing {
            try checkNotEnrolled(ids)
            let before = lists.map(\.count)
            do {
                try enrol(ids, threads: Self.cores(threads)) { body in
                    try matrix.forEachBlock(rows: Self.enrolmentBlock) { first, block in
                        try normalised(block, norms: try BulkRows.norms(block, dimension: dimension, firstRow: first)[...]) { try body(first, $0) }
                    }
                }
            } catch {
                // The file changed between the two reads: undo what the second read added.
                for (list, count) in before.enumerated() where lists[list].count > count {
                    lists[list].subjectIDs[count...].forEach { enrolled.remove($0) }
                    lists[list].truncate(to: count)
                }
                throw error
            }
        }
    }

    /// Enrols checked rows that `blocks` hands over normalised, a block at a time; it is called
    /// twice, and must hand over the same rows both times. The first pass finds every row's
    /// list, so each list is grown once to its exact new size; the second encodes the rows into
    /// them. A bulk enrolment so peaks at the gallery's size and leaves no room behind (growing
    /// by doubling, ten million templates kept 6 GiB beside a 10 GiB gallery). The caller holds
    /// the lock for writing.
    private func enrol(_ ids: [Int64], threads: Int,
                       blocks: ((_ firstRow: Int, _ normalised: UnsafeBufferPointer<Float>) throws -> Void) throws -> Void) throws {
        var assignment = [Int32](repeating: 0, count: ids.count)
        try blocks { first, block in
            let found = quantizer.assignments(block, threads: threads).lists
            assignment.replaceSubrange(first..<(first + found.count), with: found)
        }
        var added = [Int](repeating: 0, count: lists.count)
        for list in assignment { added[Int(list)] += 1 }
        for (list, count) in added.enumerated() where count > 0 { lists[list].reserve(adding: count) }
        enrolled.reserveCapacity(enrolled.count + ids.count)
        try blocks { first, block in
            let rows = first..<(first + block.count / dimension)
            let encoded = encode(block, assignment: assignment[rows], threads: threads)
            for (offset, row) in rows.enumerated() {
                lists[Int(assignment[row])].append(encoded[offset], for: ids[row])
                enrolled.insert(ids[row])
            }
        }
        // The blocks and encodings of a large enrolment are freed to the allocator, which keeps
        // them for reuse: hand them back to the system.
        if ids.count > Self.enrolmentBlock { vidk_release_free_memory() }
    }

    /// Runs `body` with `values` divided row by row by `norms`.
    private func normalised(_ values: UnsafeBufferPointer<Float>, norms: ArraySlice<Float>, _ body: (UnsafeBufferPointer<Float>) throws -> Void) throws {
        var block = [Float](repeating: 0, count: values.count)
        for (row, norm) in norms.enumerated() {
            for value in 0..<dimension { block[row * dimension + value] = values[row * dimension + value] / norm }
        }
        try block.withUnsafeBufferPointer(body)
    }

    /// Throws unless none of `ids` is enrolled; the caller holds the lock.
    private func checkNotEnrolled(_ ids: [Int64]) throws {
        if let known = ids.first(where: enrolled.contains) {
            throw FaceMatchError(.subjectExists, "Subject \(known) is already enrolled; remove it first.")
        }
    }

    /// Each unit row's residual from its list's centroid, encoded, on `threads` cores.
    private func encode(_ block: UnsafeBufferPointer<Float>, assignment: ArraySlice<Int32>, threads: Int) -> [EncodedRow] {
        let assignment = Array(assignment)
        let storage: GalleryStorage = refined ? .int8Refined : .int8
        var encoded = [EncodedRow?](repeating: nil, count: assignment.count)
        encoded.withUnsafeMutableBufferPointer { output in
            // Each row writes only its own slot; the block is only read.
            nonisolated(unsafe) let output = output
            nonisolated(unsafe) let block = block
            DispatchQueue.concurrentPerform(iterations: threads) { worker in
                for row in stride(from: worker, to: assignment.count, by: threads) {
                    let centroid = quantizer.centroids.row(Int(assignment[row])).assumingMemoryBound(to: Float.self)
                    output[row] = storage.encode((0..<dimension).map { block[row * dimension + $0] - centroid[$0] })
                }
            }
        }
        return encoded.map { $0! }
    }

    /// Removes a subject: its list is found by scanning the lists' ids (no per-subject index is
    /// kept, which would cost more memory than the id), and the list's last template fills the
    /// gap.
    public func remove(subjectID: Int64) throws {
        try lock.writing {
            guard enrolled.remove(subjectID) != nil else {
                throw FaceMatchError(.subjectNotFound, "Subject \(subjectID) is not enrolled.")
            }
            for list in lists.indices {
                if let index = lists[list].subjectIDs.firstIndex(of: subjectID) {
                    lists[list].remove(at: index)
                    return
                }
            }
        }
    }

    /// The `k` most similar subjects among the `listsSearched` lists nearest the probe, best
    /// first, keeping only those at or above `minimumSimilarity` when given. On the calling
    /// thread, unless `threads` asks for more (the lists are then shared out among them).
    public func search(_ probe: FaceTemplate, k: Int = 10, listsSearched: Int, minimumSimilarity: Float? = nil, threads: Int = 1) throws -> [GalleryMatch<Int64>] {
        let values = try preparedProbe(probe, k: k, listsSearched: listsSearched)
        return lock.reading {
            let nearest = quantizer.nearest(values, n: listsSearched)
            let workers = max(1, min(threads, nearest.count))
            var partials = [TopK<Int64>](repeating: TopK(k: k), count: workers)
            partials.withUnsafeMutableBufferPointer { buffer in
                // Each worker writes only its own slot.
                nonisolated(unsafe) let results = buffer
                let run: @Sendable (Int) -> Void = { worker in
                    let share = Array(stride(from: worker, to: nearest.count, by: workers).map { nearest[$0] })
                    results[worker] = self.scan(values, lists: share, k: k, minimum: minimumSimilarity ?? -.infinity)
                }
                if workers == 1 { run(0) } else { DispatchQueue.concurrentPerform(iterations: workers, execute: run) }
            }
            var merged = TopK<Int64>(k: k)
            partials.forEach { merged.merge($0) }
            return merged.matches
        }
    }

    /// Searches several probes, each on one core: every core unless `threads` caps it.
    public func search(batch probes: [FaceTemplate], k: Int = 10, listsSearched: Int, minimumSimilarity: Float? = nil, threads: Int? = nil) throws -> [[GalleryMatch<Int64>]] {
        let prepared = try probes.map { try preparedProbe($0, k: k, listsSearched: listsSearched) }
        return lock.reading {
            var results = [[GalleryMatch<Int64>]](repeating: [], count: prepared.count)
            results.withUnsafeMutableBufferPointer { buffer in
                // Each probe writes only its own slot.
                nonisolated(unsafe) let output = buffer
                let workers = max(1, min(Self.cores(threads), prepared.count))
                let run: @Sendable (Int) -> Void = { worker in
                    for index in stride(from: worker, to: prepared.count, by: workers) {
                        let nearest = self.quantizer.nearest(prepared[index], n: listsSearched)
                        output[index] = self.scan(prepared[index], lists: nearest, k: k, minimum: minimumSimilarity ?? -.infinity).matches
                    }
                }
                if workers == 1 { run(0) } else { DispatchQueue.concurrentPerform(iterations: workers, execute: run) }
            }
            return results
        }
    }

    /// Scans `nearest` lists with the probe quantised (the integer kernel), then re-scores the
    /// shortlist against the float probe: centroid similarity plus the codes' share. The caller
    /// holds the lock for reading.
    private func scan(_ probe: [Float], lists nearest: [(list: Int, similarity: Float)], k: Int, minimum: Float) -> TopK<Int64> {
        let quantised = Int8Quantization.quantized(probe)
        var shortlist = Shortlist<(list: Int, row: Int, base: Float)>(k: k)
        var scores = [Int32](repeating: 0, count: GalleryKernels.blockRows)
        for (list, base) in nearest {
            let codes = lists[list].codes
            let scales = lists[list].scales
            for blockStart in stride(from: 0, to: lists[list].count, by: GalleryKernels.blockRows) {
                let blockCount = min(GalleryKernels.blockRows, lists[list].count - blockStart)
                vidk_scores_i8(UnsafePointer(codes.row(blockStart).assumingMemoryBound(to: Int8.self)), codes.rowStride, blockCount, quantised.values, dimension, &scores)
                for offset in 0..<blockCount {
                    shortlist.consider((list, blockStart + offset, base), estimate: base + Float(scores[offset]) * scales[blockStart + offset] * quantised.scale)
                }
            }
        }
        var result = TopK<Int64>(k: k)
        for ((list, row, base), _) in shortlist.best {
            let entry = lists[list]
            var similarity = base + vidk_dot_i8_f32(UnsafePointer(entry.codes.row(row).assumingMemoryBound(to: Int8.self)), probe, dimension) * entry.scales[row]
            if let refinements = entry.refinements {
                similarity += vidk_dot_i8_f32(UnsafePointer(refinements.row(row).assumingMemoryBound(to: Int8.self)), probe, dimension) * entry.refinementScales[row]
            }
            similarity = GalleryKernels.clamped(similarity)
            if similarity >= minimum { result.consider(GalleryMatch(subjectID: entry.subjectIDs[row], similarity: similarity)) }
        }
        return result
    }

    private func preparedProbe(_ template: FaceTemplate, k: Int, listsSearched: Int) throws -> [Float] {
        guard k > 0, listsSearched > 0 else { throw FaceMatchError(.invalidParameter, "k and listsSearched must be at least 1.") }
        try checkCompatible(template)
        return template.embedding.values
    }

    private func checkCompatible(_ template: FaceTemplate) throws {
        guard template.modelID == modelID else {
            throw FaceMatchError(.modelMismatch, "A '\(template.modelID)' template cannot enter or search a '\(modelID)' gallery.")
        }
        guard template.embedding.dimension == dimension else {
            throw FaceMatchError(.dimensionMismatch, "A \(template.embedding.dimension)-dimensional template does not fit a \(dimension)-dimensional gallery.")
        }
    }

    private static func cores(_ threads: Int?) -> Int {
        max(1, min(threads ?? Int.max, ProcessInfo.processInfo.activeProcessorCount))
    }
}
