import CFaceKernels
import FaceMatch
import Testing

@Suite("Every kernel the CPU can run gives the scores of the portable one, and one probe the same bits as a batch")
struct KernelDispatchTests {
    @Test("Float32 galleries of awkward dimensions, searched one probe and a batch at a time at each kernel level")
    func everyLevel() throws {
        let widest = vidk_kernel_level()
        defer { vidk_limit_kernels(3) }
        for dimension in [64, 100, 512] {
            // 203 rows and 7 probes: every tile shape, and rows and probes left over.
            let (gallery, probes) = try GalleryTests.enrolled(203, storage: .float32, dimension: dimension)
            let batch = Array(probes.prefix(7))
            vidk_limit_kernels(0)
            let reference = try gallery.search(batch: batch, k: 5, threads: 1)
            for level in 0...widest {
                vidk_limit_kernels(Int32(level))
                let batched = try gallery.search(batch: batch, k: 5, threads: 1)
                for (index, probe) in batch.enumerated() {
                    #expect(try gallery.search(probe, k: 5) == batched[index], "level \(level), dimension \(dimension): one probe and a batch differ")
                    #expect(batched[index].map(\.subjectID) == reference[index].map(\.subjectID), "level \(level), dimension \(dimension)")
                    for (mine, portable) in zip(batched[index], reference[index]) { #expect(abs(mine.similarity - portable.similarity) < 1e-5) }
                }
            }
        }
        print("kernel levels checked against the portable one: 0 to \(widest) (3 AVX-512 with VNNI, 2 AVX-512, 1 AVX2)")
    }

    @Test("Int8 scans (flat and inverted-file) of awkward dimensions give the same ranking at each kernel level: integer scores are exact")
    func int8EveryLevel() throws {
        let widest = vidk_kernel_level()
        defer { vidk_limit_kernels(3) }
        for dimension in [64, 100, 512] {
            let (gallery, probes) = try GalleryTests.enrolled(203, storage: .int8, dimension: dimension)
            var faces = SyntheticFaces(seed: 5)
            let vectors = (0..<300).flatMap { _ in faces.identity(dimension: dimension) }
            let inverted = try vectors.withUnsafeBufferPointer { try InvertedFileGallery(modelID: GalleryTests.model, dimension: dimension, lists: 4, training: $0) }
            try vectors.withUnsafeBufferPointer { try inverted.add(vectors: $0, subjectIDs: (0..<300).map { $0 }) }
            let batch = Array(probes.prefix(7))
            vidk_limit_kernels(0)
            let reference = try gallery.search(batch: batch, k: 5, threads: 1)
            let invertedReference = try inverted.search(batch: batch, k: 5, listsSearched: 2)
            for level in 0...widest {
                vidk_limit_kernels(Int32(level))
                let results = try gallery.search(batch: batch, k: 5, threads: 1)
                let invertedResults = try inverted.search(batch: batch, k: 5, listsSearched: 2)
                for index in batch.indices {
                    #expect(results[index].map(\.subjectID) == reference[index].map(\.subjectID), "level \(level), dimension \(dimension)")
                    #expect(invertedResults[index].map(\.subjectID) == invertedReference[index].map(\.subjectID), "level \(level), dimension \(dimension)")
                }
            }
        }
    }
}
