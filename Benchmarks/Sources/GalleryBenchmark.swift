import FaceMatch
import Foundation

/// 1:N search on generated galleries of 512-d templates, FaceMatch beside FAISS (`IndexFlatIP`
/// and `IndexScalarQuantizer` QT_8bit) on the same vectors in the same run, with one thread and
/// all threads, for one probe and for a batch of 64; plus int8 recall@10 against exact search
/// and the share of the machine's read bandwidth the float32 scan reaches.
enum GalleryBenchmark {
    static let dimension = 512
    static let model = "benchmark-512"

    static func run(sizes: [Int], seconds: Double) throws {
        let bandwidth = ReadBandwidth.measure()
        print("1:N search, \(dimension)-d templates, \(seconds) s per figure; read bandwidth \(bandwidth.singleThread.formatted(decimals: 1)) GB/s one thread, \(bandwidth.allThreads.formatted(decimals: 1)) GB/s all threads\n")
        for size in sizes {
            try runOne(size: size, seconds: seconds, bandwidth: bandwidth)
        }
    }

    private static func runOne(size: Int, seconds: Double, bandwidth: ReadBandwidth) throws {
        var generator = VectorGenerator(seed: 42)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vidk-gallery-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let galleryFile = folder.appendingPathComponent("gallery.f32")
        let probesFile = folder.appendingPathComponent("probes.f32")

        let exact = try FaceGallery(modelID: model, dimension: dimension, storage: .float32)
        let quantised = try FaceGallery(modelID: model, dimension: dimension, storage: .int8)
        var galleryBytes = Data(capacity: size * dimension * 4)
        var rows: [[Float]] = []
        for index in 0..<size {
            let vector = generator.unitVector(dimension)
            if index < 256 { rows.append(vector) }
            let template = try FaceTemplate(embedding: FaceEmbedding(vector), modelID: model)
            try exact.add(template, for: "s\(index)")
            try quantised.add(template, for: "s\(index)")
            vector.withUnsafeBytes { galleryBytes.append(contentsOf: $0) }
        }
        try galleryBytes.write(to: galleryFile)
        galleryBytes = Data()
        // Probes are new captures of enrolled people: the true match ranks first.
        let probeVectors = rows.map { generator.perturbed($0, noise: 0.8) }
        try probeVectors.withUnsafeBufferPointer { buffer in
            var data = Data()
            for vector in buffer { vector.withUnsafeBytes { data.append(contentsOf: $0) } }
            try data.write(to: probesFile)
        }
        let probes = try probeVectors.map { try FaceTemplate(embedding: FaceEmbedding($0), modelID: model) }

        var recallHits = 0
        for probe in probes.prefix(100) {
            let truth = Set(try exact.search(probe, k: 10).map(\.subjectID))
            recallHits += try quantised.search(probe, k: 10).filter { truth.contains($0.subjectID) }.count
        }
        let cores = ProcessInfo.processInfo.activeProcessorCount
        var ours: [String: Double] = [:]
        for (name, gallery) in [("flat", exact), ("sq8", quantised)] {
            for threads in [1, cores] {
                ours["\(name)_\(threads)t_single"] = try rate(gallery, probes, batch: 1, threads: threads, seconds: seconds)
                ours["\(name)_\(threads)t_batch64"] = try rate(gallery, probes, batch: 64, threads: threads, seconds: seconds)
            }
        }
        let savedFile = folder.appendingPathComponent("gallery.vfgl")
        let clock = ContinuousClock()
        let saving = try clock.measure { try quantised.write(to: savedFile) }
        let loading = try clock.measure { _ = try FaceGallery.load(from: savedFile) }
        // What saving and loading the float32 gallery hold beyond the gallery itself.
        let exactFile = folder.appendingPathComponent("exact.vfgl")
        let savePeak = try PeakMemory.growth { try exact.write(to: exactFile) }.bytes
        let loadPeak = try PeakMemory.growth { try FaceGallery.load(from: exactFile) }.bytes
        let gallerySize = Double(size * dimension * 4)
        let python = ProcessInfo.processInfo.environment["VIRTUALIDKIT_PYTHON"] ?? "python3"
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Scripts/faiss_gallery.py")
        let output = try Subprocess.run([python, script.path, galleryFile.path, probesFile.path, String(dimension), String(seconds)])
        let faiss = (try? JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any]) ?? [:]

        print("Gallery of \(size) templates (templates scanned per second; ratio = FaceMatch / FAISS)")
        var table = ResultTable(columns: ["search", "FaceMatch", "FAISS", "ratio"])
        for name in ["flat", "sq8"] {
            for threads in [1, cores] {
                for kind in ["single", "batch64"] {
                    let key = "\(name)_\(threads)t_\(kind)"
                    let theirs = faiss[key] as? Double
                    table.add([
                        "\(name == "flat" ? "float32 vs IndexFlatIP" : "int8 vs SQ8") \(threads) thread\(threads > 1 ? "s" : ""), \(kind == "single" ? "1 probe" : "64 probes")",
                        (ours[key] ?? 0).formatted(decimals: 0), theirs.map { $0.formatted(decimals: 0) } ?? "n/a",
                        theirs.map { ((ours[key] ?? 0) / $0).formatted(decimals: 2) } ?? "n/a",
                    ])
                }
            }
        }
        print(table.render())
        let scanned = (ours["flat_1t_single"] ?? 0) * Double(dimension * 4) / 1e9
        print("int8 recall@10 against float32: \(Double(recallHits) / 1000)\(faiss["sq8_recall_at_10"].map { "; FAISS SQ8: \($0)" } ?? "")")
        print("float32 single probe, one thread: \(scanned.formatted(decimals: 1)) GB/s = \((scanned / bandwidth.singleThread * 100).formatted(decimals: 0)) % of the read bandwidth")
        print("int8 gallery file: saved in \(saving), loaded (checksum included) in \(loading)")
        if let savePeak, let loadPeak {
            print("float32 gallery of \((gallerySize / 1_048_576).formatted(decimals: 0)) MiB: saving raised the peak memory by \((Double(savePeak) / 1_048_576).formatted(decimals: 1)) MiB, loading by \((Double(loadPeak) / 1_048_576).formatted(decimals: 1)) MiB = \((Double(loadPeak) / gallerySize).formatted(decimals: 2))× the gallery it loaded")
        }
        if let skipped = faiss["skipped"] { print("FAISS skipped: \(skipped) (set VIRTUALIDKIT_PYTHON to a Python with faiss-cpu and numpy)") }
        print("")
    }

    private static func rate(_ gallery: FaceGallery, _ probes: [FaceTemplate], batch: Int, threads: Int, seconds: Double) throws -> Double {
        var offset = 0
        var searched = 0
        let probesPerSecond = try Throughput.measure(seconds: seconds) {
            let slice = Array(probes[offset..<(offset + batch)])
            _ = try gallery.search(batch: slice, k: 10, threads: threads)
            offset = (offset + batch) % (probes.count - batch + 1)
            searched += batch
        }
        return probesPerSecond * Double(batch) * Double(gallery.count)
    }
}

/// Deterministic random unit vectors (SplitMix64, uniform components, normalised).
struct VectorGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    private mutating func next() -> Float {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        mixed ^= mixed >> 31
        return Float(mixed >> 40) / Float(1 << 24) * 2 - 1
    }

    mutating func unitVector(_ dimension: Int) -> [Float] {
        let raw = (0..<dimension).map { _ in next() }
        let norm = raw.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return raw.map { $0 / norm }
    }

    mutating func perturbed(_ vector: [Float], noise: Float) -> [Float] {
        let scale = noise / Float(vector.count).squareRoot() * 1.7
        let raw = vector.map { $0 + scale * next() }
        let norm = raw.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return raw.map { $0 / norm }
    }
}

/// The machine's sequential read bandwidth, from summing a buffer far larger than the caches.
struct ReadBandwidth {
    let singleThread: Double
    let allThreads: Double

    static func measure() -> ReadBandwidth {
        let count = 64 * 1024 * 1024  // 256 MB of floats
        let buffer = [Float](repeating: 1, count: count)
        func pass(threads: Int) -> Double {
            let clock = ContinuousClock()
            var best = Double.infinity
            for _ in 0..<3 {
                let start = clock.now
                buffer.withUnsafeBufferPointer { values in
                    nonisolated(unsafe) let values = values
                    DispatchQueue.concurrentPerform(iterations: threads) { worker in
                        let chunk = count / threads
                        // Four independent sums, so the loads are not serialised behind additions.
                        var sums = (SIMD16<Float>.zero, SIMD16<Float>.zero, SIMD16<Float>.zero, SIMD16<Float>.zero)
                        let base = UnsafeRawPointer(values.baseAddress!) + worker * chunk * 4
                        for offset in Swift.stride(from: 0, to: chunk * 4, by: 256) {
                            sums.0 += base.loadUnaligned(fromByteOffset: offset, as: SIMD16<Float>.self)
                            sums.1 += base.loadUnaligned(fromByteOffset: offset + 64, as: SIMD16<Float>.self)
                            sums.2 += base.loadUnaligned(fromByteOffset: offset + 128, as: SIMD16<Float>.self)
                            sums.3 += base.loadUnaligned(fromByteOffset: offset + 192, as: SIMD16<Float>.self)
                        }
                        precondition((sums.0 + sums.1 + sums.2 + sums.3).sum() > 0)
                    }
                }
                let elapsed = clock.now - start
                best = min(best, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
            }
            return Double(count * 4) / best / 1e9
        }
        return ReadBandwidth(singleThread: pass(threads: 1), allThreads: pass(threads: ProcessInfo.processInfo.activeProcessorCount))
    }
}
