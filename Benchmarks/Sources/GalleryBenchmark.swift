import FaceMatch
import Foundation

/// 1:N search on generated galleries of 512-d templates, FaceMatch beside FAISS (`IndexFlatIP`
/// and `IndexScalarQuantizer` QT_8bit) on the same vectors, interleaved in rounds, FAISS in the
/// best configuration it finds for itself (`Scripts/faiss_gallery.py`): one probe on one thread,
/// batches of 64 on one thread and on every core, on independent and on clustered identities;
/// plus recall@10 of the compact codes against exact search, the share of the machine's read
/// bandwidth the float32 scan reaches, the share of the CPU's FMA peak the batches reach, and
/// what saving and loading a gallery file cost in time and memory.
enum GalleryBenchmark {
    static let dimension = 512
    static let model = "benchmark-512"

    /// Independent random identities, or identities clustered around a few demographic centres
    /// with captures of varying quality: the hard case for compact codes and for ranking.
    enum Dataset: String, CaseIterable {
        case independent, clustered
    }

    static func run(sizes: [Int], seconds: Double, rounds: Int) throws {
        let bandwidth = ReadBandwidth.measure()
        print("1:N search, \(dimension)-d templates, \(rounds) interleaved rounds of \(seconds) s per figure, median (fastest–slowest); \(CPU.summary); FaceMatch kernels measured: \(GalleryKernels.instructionSet)")
        print("read bandwidth \(bandwidth.singleThread.formatted(decimals: 1)) GB/s one thread, \(bandwidth.allThreads.formatted(decimals: 1)) GB/s all threads\n")
        for size in sizes {
            for dataset in Dataset.allCases {
                try runOne(size: size, dataset: dataset, seconds: seconds, rounds: rounds, bandwidth: bandwidth)
            }
        }
    }

    private static func runOne(size: Int, dataset: Dataset, seconds: Double, rounds: Int, bandwidth: ReadBandwidth) throws {
        var generator = VectorGenerator(seed: 42)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vidk-gallery-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let galleryFile = folder.appendingPathComponent("gallery.f32")
        let probesFile = folder.appendingPathComponent("probes.f32")

        // Integer ids, as FAISS labels its vectors.
        let storages: [GalleryStorage] = [.float32, .int8, .int8Refined]
        let galleries = try storages.map { try FaceGallery(modelID: model, dimension: dimension, storage: $0, subjectIDs: Int64.self) }
        galleries.forEach { $0.reserveCapacity(size) }
        var population = Population(dataset, dimension: dimension, generator: &generator)
        var galleryBytes = Data(capacity: size * dimension * 4)
        var people: [[Float]] = []
        for index in 0..<size {
            let (person, vector) = population.next(&generator)
            if index < 256 { people.append(person) }
            let template = try FaceTemplate(embedding: FaceEmbedding(vector), modelID: model)
            for gallery in galleries { try gallery.add(template, for: Int64(index)) }
            vector.withUnsafeBytes { galleryBytes.append(contentsOf: $0) }
        }
        try galleryBytes.write(to: galleryFile)
        galleryBytes = Data()
        // Probes are new captures of enrolled people: the true match ranks first.
        let probeVectors = people.map { generator.perturbed($0, noise: 0.8) }
        var probeData = Data()
        for vector in probeVectors { vector.withUnsafeBytes { probeData.append(contentsOf: $0) } }
        try probeData.write(to: probesFile)
        let probes = try probeVectors.map { try FaceTemplate(embedding: FaceEmbedding($0), modelID: model) }

        let peer = try ScriptPeer(script: "faiss_gallery.py", arguments: [galleryFile.path, probesFile.path, String(dimension)])
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let searches: [(index: String, gallery: FaceGallery<Int64>, threads: Int, batch: Int)] = [
            ("flat", galleries[0], 1, 1), ("flat", galleries[0], 1, 64), ("flat", galleries[0], cores, 64),
            ("sq8", galleries[1], 1, 1), ("sq8", galleries[1], 1, 64), ("sq8", galleries[1], cores, 64),
        ]
        let loadBefore = loadAverage()
        var ours = Array(repeating: [Double](), count: searches.count)
        var theirs = Array(repeating: [Double](), count: searches.count)
        for _ in 0..<rounds {
            for (index, search) in searches.enumerated() {
                ours[index].append(try rate(search.gallery, probes, batch: search.batch, threads: search.threads, seconds: seconds))
                if let peer { theirs[index].append(try peer.ask("rate \(search.index) \(search.threads) \(search.batch) \(seconds)")["rate"] as? Double ?? 0) }
            }
        }
        print("Gallery of \(size) \(dataset.rawValue) templates (millions of templates scanned per second; ratio = FaceMatch / FAISS medians); load \(loadBefore) → \(loadAverage())")
        var table = ResultTable(columns: ["search", "FaceMatch", "FAISS", "ratio", "FaceMatch float32 GFLOP/s", "of FMA peak"])
        for (index, search) in searches.enumerated() {
            let mine = InterleavedRounds.median(ours[index].sorted())
            let peerRate = theirs[index].isEmpty ? nil : InterleavedRounds.median(theirs[index].sorted())
            let flops = mine * Double(dimension) * 2 / 1e9
            table.add([
                "\(search.index == "flat" ? "float32 vs IndexFlatIP" : "int8 vs SQ8"), \(search.threads) thread\(search.threads > 1 ? "s" : ""), \(search.batch == 1 ? "1 probe" : "64 probes")",
                InterleavedRounds.spread(ours[index], unit: 1e6, decimals: 1), theirs[index].isEmpty ? "n/a" : InterleavedRounds.spread(theirs[index], unit: 1e6, decimals: 1),
                peerRate.map { (mine / $0).formatted(decimals: 2) } ?? "n/a",
                // Only float32 batches are multiply-adds at the FMA units' width.
                search.batch > 1 && search.index == "flat" ? flops.formatted(decimals: 0) : "",
                search.batch > 1 && search.index == "flat" ? "\((flops / CPU.peakGFLOPS(cores: search.threads) * 100).formatted(decimals: 0)) %" : "",
            ])
        }
        print(table.render())
        if let peer {
            let chosen = peer.configuration
            print("FAISS \(chosen["faiss_version"] ?? "?") (\(chosen["loaded_module"] ?? "?"), built with \(chosen["compile_options"] ?? "?")): OpenBLAS core type \(chosen["openblas_core_type"] ?? "?") of \(chosen["core_type_rates"] ?? [:]), BLAS threshold per batch \(chosen["blas_threshold"] ?? [:]) (default \(chosen["default_blas_threshold"] ?? "?"))")
        }

        var recall: [String] = []
        for (gallery, name) in zip(galleries.dropFirst(), ["int8", "int8 refined"]) {
            var hits = 0
            for probe in probes.prefix(100) {
                let truth = Set(try galleries[0].search(probe, k: 10).map(\.subjectID))
                hits += try gallery.search(probe, k: 10).filter { truth.contains($0.subjectID) }.count
            }
            recall.append("\(name) \(Double(hits) / 1000)")
        }
        if let peer { recall.append("FAISS SQ8 \(try peer.ask("recall")["sq8_recall_at_10"] as? Double ?? 0)") }
        print("recall@10 against exact float32 search over 100 probes: \(recall.joined(separator: ", "))")
        let scanned = InterleavedRounds.median(ours[0].sorted()) * Double(dimension * 4) / 1e9
        print("float32 single probe, one thread: \(scanned.formatted(decimals: 1)) GB/s = \((scanned / bandwidth.singleThread * 100).formatted(decimals: 0)) % of the read bandwidth")
        if dataset == .independent { try fileCosts(galleries, folder: folder, size: size) }
        print("")
    }

    /// Saving and loading the int8 gallery's file, and the peak memory the float32 one's take.
    private static func fileCosts(_ galleries: [FaceGallery<Int64>], folder: URL, size: Int) throws {
        let clock = ContinuousClock()
        let savedFile = folder.appendingPathComponent("gallery.vfgl")
        let saving = try clock.measure { try galleries[1].write(to: savedFile) }
        let loading = try clock.measure { _ = try FaceGallery<Int64>.load(from: savedFile) }
        print("int8 gallery file: saved in \(saving), loaded (checksum and row checks included) in \(loading)")
        let exactFile = folder.appendingPathComponent("exact.vfgl")
        let savePeak = try PeakMemory.growth { try galleries[0].write(to: exactFile) }.bytes
        let loadPeak = try PeakMemory.growth { try FaceGallery<Int64>.load(from: exactFile) }.bytes
        let gallerySize = Double(size * dimension * 4)
        if let savePeak, let loadPeak {
            print("float32 gallery of \((gallerySize / 1_048_576).formatted(decimals: 0)) MiB: saving raised the peak memory by \((Double(savePeak) / 1_048_576).formatted(decimals: 1)) MiB, loading by \((Double(loadPeak) / 1_048_576).formatted(decimals: 1)) MiB = \((Double(loadPeak) / gallerySize).formatted(decimals: 2))× the gallery it loaded")
        }
    }


    private static func rate(_ gallery: FaceGallery<Int64>, _ probes: [FaceTemplate], batch: Int, threads: Int, seconds: Double) throws -> Double {
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

/// The people of a generated gallery: independent random identities, or identities around five
/// demographic centres whose enrolled captures vary in quality.
struct Population {
    let dataset: GalleryBenchmark.Dataset
    let dimension: Int
    private let centres: [[Float]]
    private var index = 0

    init(_ dataset: GalleryBenchmark.Dataset, dimension: Int, generator: inout VectorGenerator) {
        self.dataset = dataset
        self.dimension = dimension
        centres = (0..<5).map { _ in generator.unitVector(dimension) }
    }

    /// The next person's identity and the capture enrolled for them.
    mutating func next(_ generator: inout VectorGenerator) -> (person: [Float], capture: [Float]) {
        defer { index += 1 }
        guard dataset == .clustered else {
            let person = generator.unitVector(dimension)
            return (person, person)
        }
        let person = generator.normalised(zip(centres[index % centres.count], generator.unitVector(dimension)).map { $0 + 0.7 * $1 })
        return (person, generator.perturbed(person, noise: 0.4 + 0.4 * generator.uniform()))
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
        normalised((0..<dimension).map { _ in next() })
    }

    func normalised(_ raw: [Float]) -> [Float] {
        let norm = raw.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return raw.map { $0 / norm }
    }

    /// Uniform in 0...1.
    mutating func uniform() -> Float { (next() + 1) / 2 }

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
