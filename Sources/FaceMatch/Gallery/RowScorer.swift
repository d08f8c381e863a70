import CFaceKernels

/// Scores gallery rows against probes with the CPU-dispatched kernels of `CFaceKernels`, a
/// block of rows at a time: each block is read from memory once for all the probes of a batch
/// and stays in cache while they are scored.
struct RowScorer<SubjectID: GallerySubjectID>: Sendable {
    let rows: GalleryRows
    let scales: [Float]
    /// The residual rows and scales of `int8Refined`, which re-score the int8 shortlist.
    let residuals: (rows: GalleryRows, scales: [Float])?
    let storage: GalleryStorage
    let subjectIDs: [SubjectID]

    func topK(_ probes: [[Float]], rows range: Range<Int>, k: Int, minimumSimilarity: Float?) -> [TopK<SubjectID>] {
        switch storage {
        case .float32: floatTopK(probes, range: range, k: k, minimum: minimumSimilarity ?? -.infinity)
        case .int8, .int8Refined: int8TopK(probes, range: range, k: k, minimum: minimumSimilarity ?? -.infinity)
        }
    }

    /// Float32 search: one probe scores each block row by row; a batch scores each block in
    /// register-blocked tiles of probes by rows (`vidk_scores_f32_batch`), so each value loaded
    /// serves several multiply-adds.
    private func floatTopK(_ probes: [[Float]], range: Range<Int>, k: Int, minimum: Float) -> [TopK<SubjectID>] {
        var results = [TopK<SubjectID>](repeating: TopK(k: k), count: probes.count)
        var scores = [Float](repeating: 0, count: probes.count * GalleryKernels.blockRows)
        let stride = rows.rowStride / MemoryLayout<Float>.stride
        let dimension = rows.dimension
        let flat = probes.flatMap { $0 }
        for blockStart in Swift.stride(from: range.lowerBound, to: range.upperBound, by: GalleryKernels.blockRows) {
            let blockCount = min(GalleryKernels.blockRows, range.upperBound - blockStart)
            let block = UnsafePointer(rows.row(blockStart).assumingMemoryBound(to: Float.self))
            if probes.count == 1 {
                vidk_scores_f32(block, stride, blockCount, flat, dimension, &scores)
            } else {
                vidk_scores_f32_batch(block, stride, blockCount, flat, dimension, probes.count, dimension, &scores, GalleryKernels.blockRows)
            }
            for index in probes.indices {
                for offset in 0..<blockCount {
                    let similarity = GalleryKernels.clamped(scores[index * GalleryKernels.blockRows + offset])
                    guard similarity >= minimum, similarity >= results[index].floor else { continue }
                    results[index].consider(GalleryMatch(subjectID: subjectIDs[blockStart + offset], similarity: similarity))
                }
            }
        }
        return results
    }

    /// Int8 search in two stages: an integer scan with the probe quantised too (AVX2
    /// `maddubs`), keeping a generous shortlist, then the shortlist re-scored against the float
    /// probe, so the probe's own quantisation costs no recall; with residual rows
    /// (`int8Refined`) the re-score adds the residual's share, so the stored side's
    /// quantisation costs none either.
    private func int8TopK(_ probes: [[Float]], range: Range<Int>, k: Int, minimum: Float) -> [TopK<SubjectID>] {
        var scores = [Int32](repeating: 0, count: GalleryKernels.blockRows)
        let quantised = probes.map(Int8Quantization.quantized)
        var shortlists = [Shortlist<Int>](repeating: Shortlist(k: k), count: probes.count)
        for blockStart in Swift.stride(from: range.lowerBound, to: range.upperBound, by: GalleryKernels.blockRows) {
            let blockCount = min(GalleryKernels.blockRows, range.upperBound - blockStart)
            let block = UnsafePointer(rows.row(blockStart).assumingMemoryBound(to: Int8.self))
            for (index, probe) in quantised.enumerated() {
                vidk_scores_i8(block, rows.rowStride, blockCount, probe.values, rows.dimension, &scores)
                for offset in 0..<blockCount {
                    shortlists[index].consider(blockStart + offset, estimate: Float(scores[offset]) * scales[blockStart + offset] * probe.scale)
                }
            }
        }
        return probes.indices.map { index in
            var result = TopK<SubjectID>(k: k)
            for (candidate, _) in shortlists[index].best {
                let row = UnsafePointer(rows.row(candidate).assumingMemoryBound(to: Int8.self))
                var similarity = vidk_dot_i8_f32(row, probes[index], rows.dimension) * scales[candidate]
                if let residuals {
                    let rest = UnsafePointer(residuals.rows.row(candidate).assumingMemoryBound(to: Int8.self))
                    similarity += vidk_dot_i8_f32(rest, probes[index], rows.dimension) * residuals.scales[candidate]
                }
                similarity = GalleryKernels.clamped(similarity)
                if similarity >= minimum { result.consider(GalleryMatch(subjectID: subjectIDs[candidate], similarity: similarity)) }
            }
            return result
        }
    }
}
