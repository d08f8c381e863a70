import CFaceKernels
import FaceMatch
import Testing

@Suite("Every kernel the CPU can run gives the scores of the portable one, and one probe the same bits as a batch")
struct KernelDispatchTests {
    @Test("Float32 galleries of awkward dimensions, searched one probe and a batch at a time at each kernel level")
    func everyLevel() throws {
        let widest = vidk_kernel_level()
        defer { vidk_limit_kernels(2) }
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
        print("kernel levels checked against the portable one: 0 to \(widest) (2 AVX-512, 1 AVX2)")
    }
}
