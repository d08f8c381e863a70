import FaceMatch
import Foundation

/// City-scale 1:N search: an ``InvertedFileGallery`` of a million clustered 512-d templates (ten
/// million with `--size 10000000 --peers faiss`: USearch's graph does not fit beside the others
/// in 24 GB) beside FAISS `IndexIVFScalarQuantizer` (8-bit residual codes,
/// the same number of lists, trained on the same rows) and USearch HNSW
/// (`Scripts/city_peers.py`), at the smallest search effort that reaches recall@10 of 0.99
/// against exact search, measured interleaved in rounds; with build time and memory.
enum CityBenchmark {
    static let dimension = 512
    static let model = GalleryBenchmark.model
    static let targetRecall = 0.99

    /// `peers`: which of `faiss` and `usearch` to build beside FaceMatch (all three indexes of ten
    /// million templates do not fit in 24 GB at once).
    static func run(size: Int, peers peerNames: [String], seconds: Double, rounds: Int) throws {
        let lists = InvertedFileGallery.recommendedLists(for: size)
        // FAISS asks for 39 training rows per list at least; 40 of the same rows train both.
        let trainingRows = min(size, 40 * lists)
        print("City-scale 1:N search, \(size) clustered \(dimension)-d templates in \(lists) lists trained on \(trainingRows) rows; \(rounds) interleaved rounds of \(seconds) s per figure, median (fastest–slowest); \(CPU.summary); load \(loadAverage())")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vidk-city-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let galleryFile = folder.appendingPathComponent("gallery.npy"), probesFile = folder.appendingPathComponent("probes.npy")
        let probes = try generate(size: size, gallery: galleryFile, probes: probesFile)
        let clock = ContinuousClock()
        let truth = try exactTopTen(galleryFile, probes: Array(probes.prefix(100)))
        print("exact top 10 of 100 probes by a float32 scan of the file")

        let ids = (0..<Int64(size)).map { $0 }
        let probeBatch = Array(probes.prefix(100))
        func recall(_ found: [[Int64]]) -> Double {
            Double(zip(found, truth).map { Set($0).intersection($1).count }.reduce(0, +)) / Double(10 * truth.count)
        }
        // Every power of two up to a quarter of the lists: at ten million templates in 16,384
        // lists, 512 (the first run's cap) reached only 0.944, still climbing.
        let listEfforts = (0...12).map { 1 << $0 }.filter { $0 <= max(1, lists / 4) }
        var entries: [Entry] = []
        var largestList = 0
        /// FaceMatch refined at a given number of lists, and its recall there.
        var refinedAt: ((Int) -> Entry)?
        var refinedRecall: [Int: Double] = [:]
        // One code beside refined only where both fit with the peers (not ten million on 24 GB).
        for refined in size <= 2_000_000 ? [true, false] : [true] {
            var gallery: InvertedFileGallery?
            let training = try PeakMemory.growth {
                try clock.measure {
                    let sample = try NumPyMatrix(url: galleryFile).leadingRows(trainingRows)
                    gallery = try sample.withUnsafeBufferPointer { try InvertedFileGallery(modelID: model, dimension: dimension, lists: lists, training: $0, refined: refined) }
                }
            }
            guard let gallery else { return }
            let adding = try clock.measure { try gallery.add(numPyFile: galleryFile, subjectIDs: ids) }
            largestList = gallery.listSizes.max() ?? 0
            print("FaceMatch \(refined ? "refined" : "one code"): training \(training.result.seconds.formatted(decimals: 1)) s (peak memory +\((training.bytes ?? 0) / 1_048_576) MiB), adding \(adding.seconds.formatted(decimals: 1)) s, holding \(gallery.memoryBytes / 1_048_576) MiB (codes, scales, ids, centroids, id set)")
            let recallAt = { (effort: Int) in recall(try gallery.search(batch: probeBatch, k: 10, listsSearched: effort).map { $0.map(\.subjectID) }) }
            let effort = try Self.smallestEffort(listEfforts, recallAt)
            let entry = { (effort: (value: Int, recall: Double, curve: String)) in
                Entry(name: "FaceMatch inverted file, \(refined ? "refined" : "one code")", effort: effort, effortName: "\(effort.value) lists",
                      buildSeconds: training.result.seconds + adding.seconds, bytes: gallery.memoryBytes) { threads, batch, seconds in
                    var offset = 0
                    return try Throughput.measure(seconds: seconds) {
                        _ = try gallery.search(batch: Array(probes[offset..<(offset + batch)]), k: 10, listsSearched: effort.value, threads: threads)
                        offset = (offset + batch) % (probes.count - batch + 1)
                    } * Double(batch)
                }
            }
            entries.append(entry(effort))
            if refined {
                for value in listEfforts where value <= effort.value { refinedRecall[value] = try recallAt(value) }
                refinedAt = { value in entry((value, refinedRecall[value] ?? 0, "")) }
            }
        }
        if !peerNames.isEmpty, let peer = try ScriptPeer(script: "city_peers.py", arguments: [galleryFile.path, probesFile.path, String(lists), String(trainingRows)]) {
            print("peers: \(peer.configuration)")
            for name in peerNames {
                let build = try peer.ask("build \(name)")
                print("\(name) build: \(build)")
                let recallAt = { (effort: Int) in recall((try peer.ask("search \(name) \(effort)")["ids"] as? [[Int]] ?? []).map { $0.map(Int64.init) }) }
                var efforts = [try Self.smallestEffort(name == "faiss" ? listEfforts : [16, 32, 64, 128, 256, 512, 1024, 2048, 4096], recallAt)]
                // FAISS also at FaceMatch's effort: the same lists scanned, whatever the recall.
                if name == "faiss", efforts[0].value != entries[0].effort.value {
                    efforts.append((entries[0].effort.value, try recallAt(entries[0].effort.value), ""))
                }
                for effort in efforts {
                    entries.append(Entry(name: name == "faiss" ? "FAISS IVF SQ8" : "USearch HNSW (\(build["dtype"] ?? "?"))", effort: effort,
                                         effortName: name == "faiss" ? "\(effort.value) lists" : "ef \(effort.value)",
                                         buildSeconds: build["seconds"] as? Double ?? .nan, bytes: build["bytes"] as? Int ?? 0) { threads, batch, seconds in
                        try peer.ask("rate \(name) \(effort.value) \(threads) \(batch) \(seconds)")["rate"] as? Double ?? 0
                    })
                }
            }
        }
        for entry in entries where !entry.effort.curve.isEmpty { print("recall@10 by effort, \(entry.name): \(entry.effort.curve)") }
        // Beside a peer that stops short of the target, FaceMatch refined at the fewest lists that
        // reach the peer's recall: the comparison at equal recall.
        var comparedWith = Array(repeating: 0, count: entries.count)
        for number in entries.indices.dropFirst(2) {
            guard let lists = refinedRecall.filter({ $0.value >= entries[number].effort.recall }).keys.min(), lists != entries[0].effort.value, let refinedAt else { continue }
            if let existing = entries.firstIndex(where: { $0.name == entries[0].name && $0.effort.value == lists }) {
                comparedWith[number] = existing
            } else {
                entries.append(refinedAt(lists))
                comparedWith.append(0)
                comparedWith[number] = entries.count - 1
            }
        }

        let cores = ProcessInfo.processInfo.activeProcessorCount
        let searches = [(threads: 1, batch: 1), (threads: cores, batch: 64)]
        var rates = Array(repeating: Array(repeating: [Double](), count: searches.count), count: entries.count)
        for _ in 0..<rounds {
            for (position, search) in searches.enumerated() {
                for (number, entry) in entries.enumerated() { rates[number][position].append(try entry.rate(search.threads, search.batch, seconds)) }
            }
        }
        print("\nProbes searched per second; ratio = FaceMatch refined (at the row named under \"against\") / this index, medians; load \(loadAverage())")
        var table = ResultTable(columns: ["row", "index", "effort", "recall@10", "1 probe, 1 thread", "ratio", "64 probes, \(cores) threads", "ratio", "against", "build", "memory per template"])
        let medians = rates.map { $0.map { InterleavedRounds.median($0.sorted()) } }
        for (number, entry) in entries.enumerated() {
            let against = comparedWith[number]
            let compared = number != against && !entry.name.hasPrefix("FaceMatch inverted file, refined")
            table.add([
                "\(number + 1)", entry.name, entry.effortName, entry.effort.recall.formatted(decimals: 3),
                InterleavedRounds.spread(rates[number][0]), compared ? (medians[against][0] / medians[number][0]).formatted(decimals: 2) : "",
                InterleavedRounds.spread(rates[number][1]), compared ? (medians[against][1] / medians[number][1]).formatted(decimals: 2) : "",
                compared ? "\(against + 1)" : "",
                "\(entry.buildSeconds.formatted(decimals: 0)) s", "\((Double(entry.bytes) / Double(size)).formatted(decimals: 0)) B",
            ])
        }
        print(table.render())
        print("memory is what each index holds: FaceMatch's codes, scales, ids, centroids and id set; FAISS's codes, ids and centroids; USearch's memory_usage. Largest list \(largestList) templates (\(size / lists) on average).")
    }

    /// One index measured: its search effort and the recall it reached, and its rate.
    private struct Entry {
        let name: String
        let effort: (value: Int, recall: Double, curve: String)
        let effortName: String
        let buildSeconds: Double
        let bytes: Int
        /// Probes searched per second with `threads` and batches of `batch`, for `seconds`.
        let rate: (_ threads: Int, _ batch: Int, _ seconds: Double) throws -> Double
    }

    /// The smallest of `candidates` whose recall reaches the target, with the recall at each
    /// effort tried; when none does, the smallest that reaches the best recall seen (the index's
    /// plateau: more effort buys it nothing).
    private static func smallestEffort(_ candidates: [Int], _ recallAt: (Int) throws -> Double) rethrows -> (value: Int, recall: Double, curve: String) {
        var tried: [(effort: Int, recall: Double)] = []
        for effort in candidates {
            tried.append((effort, try recallAt(effort)))
            if tried[tried.count - 1].recall >= targetRecall { break }
        }
        let curve = tried.map { "\($0.effort): \($0.recall.formatted(decimals: 3))" }.joined(separator: ", ")
        let best = tried.map(\.recall).max() ?? 0
        guard let chosen = tried.first(where: { $0.recall >= min(targetRecall, best) }) else { return (0, 0, curve) }
        return (chosen.effort, chosen.recall, curve + (best < targetRecall ? " (target not reached; the first effort at the best recall is used)" : ""))
    }

    /// Writes the gallery and its probes (new captures of the first 256 people) as `.npy`.
    private static func generate(size: Int, gallery: URL, probes: URL) throws -> [FaceTemplate] {
        var generator = VectorGenerator(seed: 42)
        var population = Population(.clustered, dimension: dimension, generator: &generator)
        let writer = try NumPyFileWriter(url: gallery, rows: size, columns: dimension)
        var people: [[Float]] = []
        var block: [[Float]] = []
        for index in 0..<size {
            let (person, capture) = population.next(&generator)
            if index < 256 { people.append(person) }
            block.append(capture)
            if block.count == 65_536 || index == size - 1 {
                try writer.append(block)
                block.removeAll(keepingCapacity: true)
            }
        }
        try writer.close()
        let probeVectors = people.map { generator.perturbed($0, noise: 0.8) }
        let probeWriter = try NumPyFileWriter(url: probes, rows: probeVectors.count, columns: dimension)
        try probeWriter.append(probeVectors)
        try probeWriter.close()
        return try probeVectors.map { try FaceTemplate(embedding: FaceEmbedding($0), modelID: model) }
    }

    /// The exact top ten of each probe, by scanning the file a block at a time with a float32
    /// ``FaceGallery`` of the block.
    private static func exactTopTen(_ file: URL, probes: [FaceTemplate]) throws -> [[Int64]] {
        var best = Array(repeating: [(id: Int64, similarity: Float)](), count: probes.count)
        try NumPyMatrix(url: file).forEachBlock(rows: 65_536) { first, block in
            let exact = try FaceGallery(modelID: model, dimension: dimension, subjectIDs: Int64.self)
            try exact.add(vectors: block, subjectIDs: (0..<Int64(block.count / dimension)).map { Int64(first) + $0 })
            for (probe, matches) in try exact.search(batch: probes, k: 10).enumerated() {
                best[probe] = (best[probe] + matches.map { ($0.subjectID, $0.similarity) }).sorted { $0.similarity > $1.similarity }.prefix(10).map { $0 }
            }
        }
        return best.map { $0.map(\.id) }
    }

}
