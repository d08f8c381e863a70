import CFaceKernels
import Foundation

/// A gallery of enrolled faces for 1:N search: pay-by-face at a hospital kiosk, a watch list.
///
/// Templates live in one contiguous, aligned block (`GalleryRows`) as float32, as int8 with
/// one symmetric scale per template (a quarter of the memory, about 1e-2 of similarity), or as
/// int8 refined by a second byte per value that re-scores the int8 scan's shortlist (half the
/// memory of float32, the ranking of float32 on hard, clustered galleries).
/// Subjects are keyed by `String` or by `Int64` (``GallerySubjectID``) and are added, replaced
/// and removed by id; removal moves the last row into the gap
/// instead of rebuilding. Searches run concurrently with each other and wait for an occasional
/// writer. One probe is searched on the calling thread unless `threads` asks for more (a second
/// core doubles the cores used, not the probes answered); a batch of probes on a large gallery
/// uses every core unless `threads` caps it.
///
/// ```swift
/// let gallery = try FaceGallery(modelID: "arcface-r100-v1", dimension: 512, storage: .int8)
/// try gallery.add(patientTemplate, for: "patient-440305-0031")
/// let best = try gallery.search(kioskTemplate, k: 5, minimumSimilarity: profile.threshold)
///
/// let watchList = try FaceGallery(modelID: "arcface-r100-v1", dimension: 512, storage: .int8Refined, subjectIDs: Int64.self)
/// try watchList.add(numPyFile: embeddingsURL, subjectIDs: caseNumbers)
/// ```
public final class FaceGallery<SubjectID: GallerySubjectID>: @unchecked Sendable {
    /// Galleries with at least this many templates are searched on every core.
    public static var parallelSearchThreshold: Int { 16_384 }

    /// The face model whose templates the gallery holds; others are refused.
    public let modelID: String
    /// The embedding dimension of every template.
    public let dimension: Int
    /// How rows are stored: float32, or int8 quantised for a quarter of the memory.
    public let storage: GalleryStorage

    private let lock = ReadWriteLock()
    private var rows: GalleryRows
    private var subjectIDs: [SubjectID] = []
    private var scales: [Float] = []
    /// The residual rows and their scales, for `int8Refined`; row for row with `rows`.
    private var residuals: GalleryRows?
    private var residualScales: [Float] = []
    private var rowBySubject: [SubjectID: Int] = [:]

    /// Creates an empty gallery keyed by `subjectIDs` (`Int64.self`, or `String.self`, which
    /// the initialiser without this argument picks); throws when the model identifier or
    /// dimension is invalid.
    public init(modelID: String, dimension: Int, storage: GalleryStorage = .float32, subjectIDs: SubjectID.Type) throws {
        try FaceTemplate.checkModelID(modelID)
        guard FaceEmbedding.dimensions.contains(dimension) else {
            throw FaceMatchError(.invalidParameter, "A gallery dimension is \(FaceEmbedding.dimensions), not \(dimension).")
        }
        self.modelID = modelID
        self.dimension = dimension
        self.storage = storage
        rows = GalleryRows(dimension: dimension, bytesPerValue: storage.bytesPerValue)
        residuals = storage.hasResidual ? GalleryRows(dimension: dimension, bytesPerValue: 1) : nil
    }

    deinit {
        rows.deallocate()
        residuals?.deallocate()
    }

    /// The number of enrolled subjects.
    public var count: Int { lock.reading { subjectIDs.count } }

    /// Whether a template is enrolled for `subjectID`.
    public func contains(subjectID: SubjectID) -> Bool { lock.reading { rowBySubject[subjectID] != nil } }

    /// Enrols `template` for a new subject.
    public func add(_ template: FaceTemplate, for subjectID: SubjectID) throws {
        try Self.checkValid([subjectID])
        let encoded = try encodedRow(template)
        try lock.writing {
            guard rowBySubject[subjectID] == nil else {
                throw FaceMatchError(.subjectExists, "Subject '\(subjectID)' is already enrolled; replace its template instead.")
            }
            append(encoded, for: subjectID)
        }
    }

    /// Appends an encoded row; the caller holds the lock for writing.
    private func append(_ encoded: EncodedRow, for subjectID: SubjectID) {
        rows.append(encoded.bytes)
        if let residual = encoded.residual {
            residuals?.append(residual.bytes)
            residualScales.append(residual.scale)
        }
        rowBySubject[subjectID] = subjectIDs.count
        subjectIDs.append(subjectID)
        scales.append(encoded.scale)
    }

    /// Makes room for `total` templates in all, so that enrolling them does not grow the
    /// storage by doubling (each doubling copies every row and briefly holds both).
    public func reserveCapacity(_ total: Int) {
        lock.writing {
            rows.reserve(total)
            residuals?.reserve(total)
            residualScales.reserveCapacity(storage.hasResidual ? total : 0)
            subjectIDs.reserveCapacity(total)
            scales.reserveCapacity(total)
            rowBySubject.reserveCapacity(total)
        }
    }

    /// Enrols many subjects at once from one buffer of float32 vectors, row after row
    /// (`subjectIDs.count × dimension` values, the layout of a NumPy `float32` array of shape
    /// `(n, dimension)`), each normalised as ``FaceEmbedding`` normalises. Every row and id is
    /// checked before any is added (finite values, not all zero, ids new and distinct), so a
    /// bad row adds nothing; the storage is reserved once.
    public func add(vectors: UnsafeBufferPointer<Float>, subjectIDs ids: [SubjectID]) throws {
        try Self.checkValid(ids)
        let norms = try BulkRows.checked(vectors, ids: ids, dimension: dimension)
        try lock.writing {
            try checkNotEnrolled(ids)
            rows.reserve(rows.count + ids.count)
            residuals?.reserve(rows.count + ids.count)
            appendRows(vectors, norms: norms, ids: ids[...])
        }
    }

    /// Enrols many subjects from a NumPy `.npy` file of a float32 matrix of shape
    /// `(subjectIDs.count, dimension)`, as `numpy.save` writes it, reading it a block of rows at
    /// a time: the file is read once to check every row, then once to enrol, so a bad row adds
    /// nothing and the file is never held in memory. Searches wait while it enrols.
    public func add(numPyFile url: URL, subjectIDs ids: [SubjectID]) throws {
        let matrix = try NumPyMatrix(url: url)
        guard matrix.columns == dimension, matrix.rows == ids.count else {
            throw FaceMatchError(.dimensionMismatch, "\(url.lastPathComponent) holds \(matrix.rows) × \(matrix.columns) values, not \(ids.count) × \(dimension).")
        }
        try Self.checkValid(ids)
        try BulkRows.checkDistinct(ids)
        try matrix.forEachBlock { first, block in _ = try BulkRows.norms(block, dimension: dimension, firstRow: first) }
        try lock.writing {
            try checkNotEnrolled(ids)
            let before = rows.count
            rows.reserve(before + ids.count)
            residuals?.reserve(before + ids.count)
            do {
                try matrix.forEachBlock { first, block in
                    appendRows(block, norms: try BulkRows.norms(block, dimension: dimension, firstRow: first), ids: ids[first..<(first + block.count / dimension)])
                }
            } catch {
                // The file changed between the two reads: undo what the second read added.
                for id in subjectIDs[before...] { rowBySubject[id] = nil }
                subjectIDs.removeLast(subjectIDs.count - before)
                scales.removeLast(scales.count - before)
                if storage.hasResidual { residualScales.removeLast(residualScales.count - before) }
                rows.truncate(to: before)
                residuals?.truncate(to: before)
                throw error
            }
        }
    }

    /// Throws unless every id can be enrolled and written to a gallery file.
    private static func checkValid(_ ids: [SubjectID]) throws {
        let coding = SubjectID.galleryCoding
        if let problem = ids.lazy.compactMap(coding.problem).first { throw FaceMatchError(.invalidParameter, problem) }
    }

    /// Throws unless none of `ids` is enrolled; the caller holds the lock.
    private func checkNotEnrolled(_ ids: [SubjectID]) throws {
        if let enrolled = ids.first(where: { rowBySubject[$0] != nil }) {
            throw FaceMatchError(.subjectExists, "Subject '\(enrolled)' is already enrolled; replace its template instead.")
        }
    }

    /// Appends checked rows, normalised; the caller holds the lock.
    private func appendRows(_ values: UnsafeBufferPointer<Float>, norms: [Float], ids: ArraySlice<SubjectID>) {
        for (row, id) in ids.enumerated() {
            append(storage.encode(values[(row * dimension)..<((row + 1) * dimension)].map { $0 / norms[row] }), for: id)
        }
    }

    /// Replaces an enrolled subject's template.
    public func replace(_ template: FaceTemplate, for subjectID: SubjectID) throws {
        let encoded = try encodedRow(template)
        try lock.writing {
            guard let row = rowBySubject[subjectID] else {
                throw FaceMatchError(.subjectNotFound, "Subject '\(subjectID)' is not enrolled.")
            }
            rows.write(encoded.bytes, at: row)
            scales[row] = encoded.scale
            if let residual = encoded.residual {
                residuals?.write(residual.bytes, at: row)
                residualScales[row] = residual.scale
            }
        }
    }

    /// Removes a subject without rebuilding the gallery: the last row moves into its place.
    public func remove(subjectID: SubjectID) throws {
        try lock.writing {
            guard let row = rowBySubject.removeValue(forKey: subjectID) else {
                throw FaceMatchError(.subjectNotFound, "Subject '\(subjectID)' is not enrolled.")
            }
            _ = residuals?.removeByMovingLast(row)
            if let moved = rows.removeByMovingLast(row) {
                subjectIDs[row] = subjectIDs[moved]
                scales[row] = scales[moved]
                if storage.hasResidual { residualScales[row] = residualScales[moved] }
                rowBySubject[subjectIDs[row]] = row
            }
            subjectIDs.removeLast()
            scales.removeLast()
            if storage.hasResidual { residualScales.removeLast() }
        }
    }

    /// The `k` most similar subjects, best first, keeping only those at or above
    /// `minimumSimilarity` when given. On the calling thread, unless `threads` asks for more
    /// (used on a gallery of ``parallelSearchThreshold`` templates or more).
    public func search(_ probe: FaceTemplate, k: Int = 10, minimumSimilarity: Float? = nil, threads: Int = 1) throws -> [GalleryMatch<SubjectID>] {
        try search(batch: [probe], k: k, minimumSimilarity: minimumSimilarity, threads: threads)[0]
    }

    /// Searches several probes in one pass over the gallery: each row is read once for all of
    /// them, which is what makes batches faster per probe than single searches. `threads` caps
    /// the cores (nil: every core for a gallery of ``parallelSearchThreshold`` templates or more,
    /// the calling thread below).
    public func search(batch probes: [FaceTemplate], k: Int = 10, minimumSimilarity: Float? = nil, threads: Int? = nil) throws -> [[GalleryMatch<SubjectID>]] {
        guard k > 0 else { throw FaceMatchError(.invalidParameter, "k must be at least 1.") }
        let prepared = try probes.map(preparedProbe)
        return lock.reading {
            let scorer = RowScorer(rows: rows, scales: scales, residuals: residuals.map { ($0, residualScales) }, storage: storage, subjectIDs: subjectIDs)
            let count = rows.count
            let cores = max(1, min(threads ?? Int.max, ProcessInfo.processInfo.activeProcessorCount))
            let workers = count >= Self.parallelSearchThreshold ? cores : 1
            let chunk = (count + workers - 1) / max(1, workers)
            var partials = [[TopK<SubjectID>]](repeating: [], count: workers)
            partials.withUnsafeMutableBufferPointer { buffer in
                // Each worker writes only its own slot.
                nonisolated(unsafe) let results = buffer
                let run: @Sendable (Int) -> Void = { worker in
                    let range = min(count, worker * chunk)..<min(count, (worker + 1) * chunk)
                    results[worker] = scorer.topK(prepared, rows: range, k: k, minimumSimilarity: minimumSimilarity)
                }
                if workers == 1 { run(0) } else { DispatchQueue.concurrentPerform(iterations: workers, execute: run) }
            }
            return prepared.indices.map { probe in
                var merged = TopK<SubjectID>(k: k)
                for partial in partials where !partial.isEmpty { merged.merge(partial[probe]) }
                return merged.matches
            }
        }
    }

    /// The probe's vector, once its model and dimension are checked.
    private func preparedProbe(_ template: FaceTemplate) throws -> [Float] {
        try checkCompatible(template)
        return template.embedding.values
    }

    private func encodedRow(_ template: FaceTemplate) throws -> EncodedRow {
        try checkCompatible(template)
        return storage.encode(template.embedding.values)
    }

    /// Reads rows, ids, scales and residuals under the lock, for writing the gallery to a file.
    func snapshot<Result>(_ body: (GalleryRows, [SubjectID], [Float], (rows: GalleryRows, scales: [Float])?) throws -> Result) rethrows -> Result {
        try lock.reading { try body(rows, subjectIDs, scales, residuals.map { ($0, residualScales) }) }
    }

    /// Adopts rows read from a file; only for a gallery that has just been created.
    func adopt(rows newRows: GalleryRows, subjectIDs ids: [SubjectID], scales newScales: [Float], residuals newResiduals: (rows: GalleryRows, scales: [Float])?) throws {
        var index: [SubjectID: Int] = [:]
        for (row, id) in ids.enumerated() {
            guard index.updateValue(row, forKey: id) == nil else {
                newRows.deallocate()
                newResiduals?.rows.deallocate()
                throw FaceMatchError(.malformedGalleryFile, "The gallery file enrols subject '\(id)' twice.")
            }
        }
        lock.writing {
            rows.deallocate()
            residuals?.deallocate()
            rows = newRows
            residuals = newResiduals?.rows
            residualScales = newResiduals?.scales ?? []
            subjectIDs = ids
            scales = newScales
            rowBySubject = index
        }
    }

    private func checkCompatible(_ template: FaceTemplate) throws {
        guard template.modelID == modelID else {
            throw FaceMatchError(.modelMismatch, "A '\(template.modelID)' template cannot enter or search a '\(modelID)' gallery.")
        }
        guard template.embedding.dimension == dimension else {
            throw FaceMatchError(.dimensionMismatch, "A \(template.embedding.dimension)-dimensional template does not fit a \(dimension)-dimensional gallery.")
        }
    }
}

extension FaceGallery where SubjectID == String {
    /// Creates an empty gallery keyed by string ids; throws when the model identifier or
    /// dimension is invalid.
    public convenience init(modelID: String, dimension: Int, storage: GalleryStorage = .float32) throws {
        try self.init(modelID: modelID, dimension: dimension, storage: storage, subjectIDs: String.self)
    }
}
