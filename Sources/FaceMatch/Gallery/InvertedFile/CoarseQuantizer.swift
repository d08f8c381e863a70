import CFaceKernels
import Foundation

/// The coarse quantiser of an ``InvertedFileGallery``: unit centroids found by spherical k-means
/// (cosine similarity, as the templates are compared), each heading one list of templates.
///
/// Scoring a batch of vectors against every centroid is the gallery's own batch kernel with the
/// centroids as rows, so training and assignment run at the speed of a float32 batch search.
struct CoarseQuantizer: @unchecked Sendable {
    private(set) var centroids: GalleryRows

    var count: Int { centroids.count }
    var dimension: Int { centroids.dimension }

    /// Vectors scored against the centroids at a time: one tile batch of the kernel.
    private static let chunk = 64

    init(centroids: GalleryRows) {
        self.centroids = centroids
    }

    /// Runs spherical k-means on `sample` (unit vectors, row after row): `lists` centroids seeded
    /// with distinct sample rows chosen by `seed`, `iterations` rounds of assigning each row to
    /// its most similar centroid and moving each centroid to its rows' normalised mean. A list
    /// left empty restarts at the row farthest from its own centroid (scikit-learn's rule), a
    /// different row for each empty list, so no two centroids coincide and every list heads
    /// some templates.
    static func train(sample: UnsafeBufferPointer<Float>, dimension: Int, lists: Int, iterations: Int, seed: UInt64, threads: Int) -> CoarseQuantizer {
        let rows = sample.count / dimension
        var random = SplitMix64(seed: seed)
        // A partial Fisher–Yates shuffle picks `lists` distinct seed rows.
        var order = Array(0..<rows)
        for index in 0..<lists { order.swapAt(index, index + Int(random.next() % UInt64(rows - index))) }
        var centroids = GalleryRows(dimension: dimension, bytesPerValue: 4, capacity: lists)
        for index in 0..<lists {
            centroids.appendRaw(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(sample)[(order[index] * dimension * 4)..<((order[index] + 1) * dimension * 4)]))
        }
        var quantizer = CoarseQuantizer(centroids: centroids)
        for _ in 0..<iterations {
            let (assignment, similarity) = quantizer.assignments(sample, threads: threads)
            var sums = [Float](repeating: 0, count: lists * dimension)
            var members = [Int](repeating: 0, count: lists)
            for row in 0..<rows {
                let list = Int(assignment[row])
                members[list] += 1
                for value in 0..<dimension { sums[list * dimension + value] += sample[row * dimension + value] }
            }
            relocateEmptyLists(sample: sample, dimension: dimension, assignment: assignment, similarity: similarity, sums: &sums, members: &members)
            for list in 0..<lists {
                let mean = sums[(list * dimension)..<((list + 1) * dimension)]
                let norm = mean.reduce(0) { $0 + $1 * $1 }.squareRoot()
                guard norm > 0 else { continue }
                quantizer.centroids.write(mean.map { $0 / norm }.withUnsafeBytes { Array($0) }, at: list)
            }
        }
        return quantizer
    }

    /// Moves into each empty list the row least similar to its own centroid, taken from a list
    /// that keeps at least one row: the rows a centroid fits worst are where a new one helps
    /// most, and taking each row once keeps restarted centroids apart (sample rows ≥ lists, so
    /// such a row exists for every empty list).
    private static func relocateEmptyLists(sample: UnsafeBufferPointer<Float>, dimension: Int, assignment: [Int32], similarity: [Float],
                                           sums: inout [Float], members: inout [Int]) {
        let empty = members.indices.filter { members[$0] == 0 }
        guard !empty.isEmpty else { return }
        var candidates = assignment.indices.sorted { similarity[$0] < similarity[$1] }.makeIterator()
        for list in empty {
            while let row = candidates.next() {
                let from = Int(assignment[row])
                guard members[from] > 1 else { continue }
                for value in 0..<dimension {
                    sums[from * dimension + value] -= sample[row * dimension + value]
                    sums[list * dimension + value] = sample[row * dimension + value]
                }
                members[from] -= 1
                members[list] = 1
                break
            }
        }
    }

    /// The most similar centroid of each row of `vectors`, and the similarity to it.
    func assignments(_ vectors: UnsafeBufferPointer<Float>, threads: Int) -> (lists: [Int32], similarities: [Float]) {
        let rows = vectors.count / dimension
        var assignment = [Int32](repeating: 0, count: rows)
        var similarities = [Float](repeating: 0, count: rows)
        let chunks = (rows + Self.chunk - 1) / Self.chunk
        assignment.withUnsafeMutableBufferPointer { output in similarities.withUnsafeMutableBufferPointer { bestScores in
            // Each chunk writes only its own rows; the vectors are only read.
            nonisolated(unsafe) let output = output
            nonisolated(unsafe) let bestScores = bestScores
            nonisolated(unsafe) let vectors = vectors
            let workers = max(1, min(threads, chunks))
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                var scores = [Float](repeating: 0, count: Self.chunk * count)
                for chunk in Swift.stride(from: worker, to: chunks, by: workers) {
                    let first = chunk * Self.chunk
                    let batch = min(Self.chunk, rows - first)
                    score(UnsafeBufferPointer(rebasing: vectors[(first * dimension)..<((first + batch) * dimension)]), into: &scores)
                    for row in 0..<batch {
                        var best = 0
                        for list in 1..<count where scores[row * count + list] > scores[row * count + best] { best = list }
                        output[first + row] = Int32(best)
                        bestScores[first + row] = scores[row * count + best]
                    }
                }
            }
        } }
        return (assignment, similarities)
    }

    /// The `n` most similar centroids to `probe`, best first, with their similarities: the part
    /// of every score in their lists that the list's templates share.
    func nearest(_ probe: [Float], n: Int) -> [(list: Int, similarity: Float)] {
        var scores = [Float](repeating: 0, count: count)
        probe.withUnsafeBufferPointer { score($0, into: &scores) }
        // Sorting all lists costs count·log(count) comparisons, far fewer than selecting `n`
        // one at a time when hundreds are searched.
        let best = (0..<count).sorted { scores[$0] > scores[$1] }
        let wanted = min(n, count)
        return best.prefix(wanted).map { ($0, scores[$0]) }
    }

    /// `scores[v * count + c]` = similarity of vector `v` to centroid `c`, a block of centroids
    /// at a time, so each block stays in L2 while every vector of the batch is scored against it
    /// (all centroids at once would stream from L3 once per tile of vectors).
    private func score(_ vectors: UnsafeBufferPointer<Float>, into scores: inout [Float]) {
        let batch = vectors.count / dimension
        let stride = centroids.rowStride / 4
        scores.withUnsafeMutableBufferPointer { output in
            for first in Swift.stride(from: 0, to: count, by: GalleryKernels.blockRows) {
                vidk_scores_f32_batch(UnsafePointer(centroids.row(first).assumingMemoryBound(to: Float.self)), stride, min(GalleryKernels.blockRows, count - first),
                                      vectors.baseAddress, dimension, batch, dimension, output.baseAddress! + first, count)
            }
        }
    }
}

/// A seeded source of random numbers (SplitMix64), so a gallery trained twice on the same sample
/// gets the same lists.
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }
}
