/// Scores gallery rows against probes with the SIMD kernels of the storage type.
struct RowScorer: Sendable {
    let rows: GalleryRows
    let scales: [Float]
    let storage: FaceGallery.Storage

    func topK(_ probes: [[Float]], rows range: Range<Int>, k: Int, minimumSimilarity: Float?, subjectIDs: [String]) -> [TopK] {
        var results = [TopK](repeating: TopK(k: k), count: probes.count)
        let minimum = minimumSimilarity ?? -.infinity
        let dimension = rows.dimension
        for row in range {
            let pointer = UnsafeRawPointer(rows.row(row))
            for (index, probe) in probes.enumerated() {
                let similarity: Float
                switch storage {
                case .float32:
                    similarity = probe.withUnsafeBufferPointer { values in
                        VectorMath.dot(UnsafeBufferPointer(start: pointer.assumingMemoryBound(to: Float.self), count: dimension), values, count: dimension)
                    }
                case .int8:
                    similarity = probe.withUnsafeBufferPointer { VectorMath.dot(pointer, int8Count: dimension, $0) } * scales[row]
                }
                guard similarity >= minimum, similarity >= results[index].floor else { continue }
                results[index].consider(GalleryMatch(subjectID: subjectIDs[row], similarity: similarity))
            }
        }
        return results
    }
}
