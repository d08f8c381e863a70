import FaceMatch
import Foundation
import Testing

@Suite("1:N face gallery")
struct GalleryTests {
    static let model = "arcface-r100-v1"

    /// A gallery of `count` synthetic people and, for each, a second capture to search with.
    static func enrolled(_ count: Int, storage: GalleryStorage, dimension: Int = 128, seed: UInt64 = 3) throws -> (FaceGallery<String>, [FaceTemplate]) {
        var faces = SyntheticFaces(seed: seed)
        let gallery = try FaceGallery(modelID: model, dimension: dimension, storage: storage)
        var probes: [FaceTemplate] = []
        for index in 0..<count {
            let person = faces.identity(dimension: dimension)
            try gallery.add(FaceTemplate(embedding: faces.capture(of: person), modelID: model), for: "subject-\(index)")
            probes.append(try FaceTemplate(embedding: faces.capture(of: person), modelID: model))
        }
        return (gallery, probes)
    }

    @Test("Each probe finds its own subject first, in both storages", arguments: GalleryStorage.allCases)
    func findsOwnSubject(storage: GalleryStorage) throws {
        let (gallery, probes) = try Self.enrolled(300, storage: storage)
        for (index, probe) in probes.enumerated() {
            let matches = try gallery.search(probe, k: 5)
            #expect(matches.count == 5)
            #expect(matches.first?.subjectID == "subject-\(index)")
            #expect(zip(matches, matches.dropFirst()).allSatisfy { $0.similarity >= $1.similarity })
        }
    }

    @Test("Int8 search agrees with exact search: recall@10 at least 0.99")
    func int8Recall() throws {
        let (exact, probes) = try Self.enrolled(2000, storage: .float32, seed: 9)
        let (quantised, _) = try Self.enrolled(2000, storage: .int8, seed: 9)
        var found = 0
        for probe in probes.prefix(100) {
            let truth = Set(try exact.search(probe, k: 10).map(\.subjectID))
            found += try quantised.search(probe, k: 10).filter { truth.contains($0.subjectID) }.count
        }
        let recall = Double(found) / 1000
        #expect(recall >= 0.99, "recall@10 \(recall)")
        print("Int8 recall@10 against float32 over 100 probes on 2000 subjects: \(recall)")
    }

    /// A gallery of clustered identities, as real populations are: a few demographic centres,
    /// identities near them, captures of varying quality. Hard for compact codes: many subjects
    /// score close to the probe, so small errors reorder the top ten.
    static func clustered(_ count: Int, storage: GalleryStorage, dimension: Int = 512, seed: UInt64 = 21) throws -> (FaceGallery<String>, [FaceTemplate]) {
        var faces = SyntheticFaces(seed: seed)
        let centres = (0..<5).map { _ in faces.identity(dimension: dimension) }
        let gallery = try FaceGallery(modelID: model, dimension: dimension, storage: storage)
        var probes: [FaceTemplate] = []
        for index in 0..<count {
            let centre = centres[index % centres.count]
            let offset = faces.identity(dimension: dimension)
            let person = zip(centre, offset).map { $0 + 0.7 * $1 }
            try gallery.add(FaceTemplate(embedding: faces.capture(of: person, noise: 0.4 + 0.4 * Float(faces.uniform())), modelID: model), for: "subject-\(index)")
            if probes.count < 100 { probes.append(try FaceTemplate(embedding: faces.capture(of: person, noise: 0.4 + 0.6 * Float(faces.uniform())), modelID: model)) }
        }
        return (gallery, probes)
    }

    @Test("On clustered identities, int8 refined by a residual byte keeps recall@10 against exact search at least 0.99 (plain int8 does not)")
    func recallClustered() throws {
        let (exact, probes) = try Self.clustered(8_000, storage: .float32)
        var recall: [GalleryStorage: Double] = [:]
        for storage in [GalleryStorage.int8, .int8Refined] {
            let (compact, _) = try Self.clustered(8_000, storage: storage)
            var found = 0
            for probe in probes {
                let truth = Set(try exact.search(probe, k: 10).map(\.subjectID))
                found += try compact.search(probe, k: 10).filter { truth.contains($0.subjectID) }.count
            }
            recall[storage] = Double(found) / Double(10 * probes.count)
        }
        print("recall@10 against float32 over \(probes.count) probes on 8,000 clustered subjects: int8 \(recall[.int8] ?? 0), int8 refined \(recall[.int8Refined] ?? 0)")
        #expect((recall[.int8Refined] ?? 0) >= 0.99)
    }

    @Test("Batch search gives the same results as single searches, also on every core")
    func batchAndParallel() throws {
        let (gallery, probes) = try Self.enrolled(FaceGallery<String>.parallelSearchThreshold + 500, storage: .int8, dimension: 64)
        let sample = Array(probes.prefix(8))
        let batch = try gallery.search(batch: sample, k: 3)
        for (probe, batched) in zip(sample, batch) {
            #expect(try gallery.search(probe, k: 3) == batched)
        }
        #expect(batch.enumerated().allSatisfy { $0.element.first?.subjectID == "subject-\($0.offset)" })
    }

    @Test("Ties are broken by subject id, whatever the order of enrolment")
    func ties() throws {
        let embedding = try FaceEmbedding([Float](repeating: 1, count: 64))
        let template = try FaceTemplate(embedding: embedding, modelID: Self.model)
        let gallery = try FaceGallery(modelID: Self.model, dimension: 64)
        for id in ["c", "a", "d", "b"] { try gallery.add(template, for: id) }
        #expect(try gallery.search(template, k: 3).map(\.subjectID) == ["a", "b", "c"])
        try gallery.remove(subjectID: "a")
        #expect(try gallery.search(template, k: 3).map(\.subjectID) == ["b", "c", "d"])
    }

    @Test("Add, replace and remove by subject id; the threshold filter")
    func mutations() throws {
        var faces = SyntheticFaces(seed: 999)
        let (gallery, probes) = try Self.enrolled(50, storage: .float32, seed: 21)
        #expect(gallery.count == 50)
        #expect(throws: FaceMatchError(.subjectExists, "")) { try gallery.add(probes[0], for: "subject-0") }
        #expect(throws: FaceMatchError(.subjectNotFound, "")) { try gallery.remove(subjectID: "nobody") }
        try gallery.remove(subjectID: "subject-7")
        #expect(gallery.count == 49 && !gallery.contains(subjectID: "subject-7"))
        #expect(try gallery.search(probes[7], k: 1).first?.subjectID != "subject-7")
        #expect(try gallery.search(probes[49], k: 1).first?.subjectID == "subject-49")
        let newcomer = try FaceTemplate(embedding: faces.capture(of: faces.identity(dimension: 128)), modelID: Self.model)
        try gallery.replace(newcomer, for: "subject-3")
        #expect(try gallery.search(newcomer, k: 1).first?.subjectID == "subject-3")
        #expect(try gallery.search(probes[3], k: 1).first?.subjectID != "subject-3")
        let strict = try gallery.search(probes[10], k: 10, minimumSimilarity: 0.4)
        #expect(strict.map(\.subjectID) == ["subject-10"])
        let foreign = try FaceTemplate(embedding: FaceEmbedding([Float](repeating: 1, count: 128)), modelID: "facenet-512")
        #expect(throws: FaceMatchError(.modelMismatch, "")) { try gallery.search(foreign) }
        #expect(throws: FaceMatchError(.dimensionMismatch, "")) {
            try gallery.add(FaceTemplate(embedding: FaceEmbedding([Float](repeating: 1, count: 256)), modelID: Self.model), for: "x")
        }
    }

    @Test("Saves and loads; every corruption of the file is a typed error", arguments: GalleryStorage.allCases)
    func persistence(storage: GalleryStorage) throws {
        let (gallery, probes) = try Self.enrolled(40, storage: storage)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("gallery-\(UUID().uuidString).vfgl")
        defer { try? FileManager.default.removeItem(at: url) }
        try gallery.write(to: url)
        let loaded = try FaceGallery<String>.load(from: url)
        #expect(loaded.count == 40 && loaded.storage == storage && loaded.modelID == Self.model)
        for probe in probes.prefix(10) {
            #expect(try loaded.search(probe, k: 3) == gallery.search(probe, k: 3))
        }
        let bytes = try Data(contentsOf: url)
        for length in stride(from: 0, to: bytes.count, by: max(1, bytes.count / 60)) {
            try bytes.prefix(length).write(to: url)
            #expect(throws: FaceMatchError(.malformedGalleryFile, "")) { try FaceGallery<String>.load(from: url) }
        }
        for index in stride(from: 0, to: bytes.count, by: max(1, bytes.count / 60)) {
            var corrupt = bytes
            corrupt[index] ^= 0x01
            try corrupt.write(to: url)
            #expect(throws: FaceMatchError(.malformedGalleryFile, "")) { try FaceGallery<String>.load(from: url) }
        }
    }

    @Test("A file with a valid checksum but rows that are not unit vectors of finite values is refused: no row can score above every threshold",
          arguments: GalleryStorage.allCases)
    func craftedFile(storage: GalleryStorage) throws {
        let (gallery, _) = try Self.enrolled(4, storage: storage)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("gallery-\(UUID().uuidString).vfgl")
        defer { try? FileManager.default.removeItem(at: url) }
        try gallery.write(to: url)
        let bytes = [UInt8](try Data(contentsOf: url))
        let rowBytes = gallery.dimension * (storage == .float32 ? 4 : 1)
        let residualBlock = storage == .int8Refined ? 4 * (4 + gallery.dimension) : 0
        let vectors = bytes.count - 4 - residualBlock - 4 * rowBytes
        let craft: [(String, (inout [UInt8]) -> Void)] = [
            ("a huge value", { file in withUnsafeBytes(of: Float(1.56e8).bitPattern.littleEndian) { file.replaceSubrange(vectors..<(vectors + 4), with: $0) } }),
            ("NaN", { file in withUnsafeBytes(of: Float.nan.bitPattern.littleEndian) { file.replaceSubrange(vectors..<(vectors + 4), with: $0) } }),
            ("a row scaled up", { file in
                // The scale of the first template (int8) or its first values (float32), ten times over.
                let at = storage == .float32 ? vectors : vectors - 4 * 4
                let value = Float(bitPattern: UInt32(file[at]) | UInt32(file[at + 1]) << 8 | UInt32(file[at + 2]) << 16 | UInt32(file[at + 3]) << 24)
                withUnsafeBytes(of: (value * 10).bitPattern.littleEndian) { file.replaceSubrange(at..<(at + 4), with: $0) }
            }),
        ]
        for (name, change) in craft where storage == .float32 || name == "a row scaled up" {
            var file = bytes
            change(&file)
            file.replaceSubrange((file.count - 4)..<file.count, with: withUnsafeBytes(of: Self.crc32(file.dropLast(4)).littleEndian, Array.init))
            try Data(file).write(to: url)
            #expect(throws: FaceMatchError(.malformedGalleryFile, "")) { try FaceGallery<String>.load(from: url) }
        }
    }

    /// CRC-32 (IEEE), as the gallery file uses it: the checksum a forger recomputes.
    static func crc32(_ bytes: some Sequence<UInt8>) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? 0xEDB8_8320 ^ (crc >> 1) : crc >> 1 }
        }
        return ~crc
    }

    @Test("Bulk enrolment from one float buffer finds what one-by-one enrolment finds; a bad row or a known id adds nothing",
          arguments: GalleryStorage.allCases)
    func bulkEnrolment(storage: GalleryStorage) throws {
        let (single, probes) = try Self.enrolled(50, storage: storage)
        let bulk = try FaceGallery(modelID: Self.model, dimension: single.dimension, storage: storage)
        bulk.reserveCapacity(50)
        // The rows `enrolled` drew (the same seed, the same draws), scaled by 3 to show they are normalised.
        var faces = SyntheticFaces(seed: 3)
        let rows = try (0..<50).map { _ in
            let person = faces.identity(dimension: single.dimension)
            let enrolled = try faces.capture(of: person).values
            _ = try faces.capture(of: person)
            return enrolled
        }
        let ids = (0..<50).map { "subject-\($0)" }
        var scaled = rows.flatMap { $0.map { $0 * 3 } }
        var broken = scaled
        broken[7] = .nan
        #expect(throws: FaceMatchError(.invalidEmbedding, "")) { try broken.withUnsafeBufferPointer { try bulk.add(vectors: $0, subjectIDs: ids) } }
        #expect(bulk.count == 0)
        try scaled.withUnsafeBufferPointer { try bulk.add(vectors: $0, subjectIDs: ids) }
        #expect(throws: FaceMatchError(.subjectExists, "")) { try scaled.withUnsafeBufferPointer { try bulk.add(vectors: UnsafeBufferPointer(rebasing: $0[0..<single.dimension]), subjectIDs: ["subject-3"]) } }
        scaled.removeAll()
        #expect(bulk.count == 50)
        for probe in probes.prefix(10) { #expect(try bulk.search(probe, k: 3).map(\.subjectID) == single.search(probe, k: 3).map(\.subjectID)) }
    }

    /// A `.npy` file as `numpy.save` writes a float32 matrix (format 1.0).
    static func npy(_ values: [Float], rows: Int, columns: Int, descr: String = "<f4") -> Data {
        var header = "{'descr': '\(descr)', 'fortran_order': False, 'shape': (\(rows), \(columns)), }"
        let unpadded = 10 + header.utf8.count + 1
        header += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        var data = Data([0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(header.utf8.count & 0xff), UInt8(header.utf8.count >> 8)])
        data.append(contentsOf: header.utf8)
        values.withUnsafeBytes { data.append(contentsOf: $0) }
        return data
    }

    @Test("Enrolment from a NumPy .npy file matches enrolment from a buffer; a bad row, dtype, shape or length adds nothing")
    func numPyEnrolment() throws {
        var faces = SyntheticFaces(seed: 12)
        let dimension = 128
        let values = (0..<300).flatMap { _ in faces.identity(dimension: dimension).map { $0 * 2 } }
        let ids = (0..<300).map { "subject-\($0)" }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("gallery-\(UUID().uuidString).npy")
        defer { try? FileManager.default.removeItem(at: url) }
        try Self.npy(values, rows: 300, columns: dimension).write(to: url)
        let fromFile = try FaceGallery(modelID: Self.model, dimension: dimension, storage: .int8)
        try fromFile.add(numPyFile: url, subjectIDs: ids)
        let fromBuffer = try FaceGallery(modelID: Self.model, dimension: dimension, storage: .int8)
        try values.withUnsafeBufferPointer { try fromBuffer.add(vectors: $0, subjectIDs: ids) }
        for row in [0, 150, 299] {
            let probe = try FaceTemplate(embedding: FaceEmbedding(Array(values[(row * dimension)..<((row + 1) * dimension)])), modelID: Self.model)
            #expect(try fromFile.search(probe, k: 3) == fromBuffer.search(probe, k: 3))
            #expect(try fromFile.search(probe, k: 1).first?.subjectID == "subject-\(row)")
        }
        var broken = values
        broken[200 * dimension + 5] = .nan
        let cases: [Data] = [Self.npy(broken, rows: 300, columns: dimension), Self.npy(values, rows: 300, columns: dimension, descr: "<f8"),
                             Self.npy(values, rows: 150, columns: 2 * dimension), Self.npy(values, rows: 300, columns: dimension).dropLast(8),
                             Data("not numpy at all".utf8)]
        for file in cases {
            try file.write(to: url)
            let gallery = try FaceGallery(modelID: Self.model, dimension: dimension, storage: .float32)
            #expect(throws: FaceMatchError.self) { try gallery.add(numPyFile: url, subjectIDs: ids) }
            #expect(gallery.count == 0)
        }
    }

    @Test("Concurrent searches with an occasional writer stay consistent")
    func concurrency() async throws {
        let (gallery, probes) = try Self.enrolled(400, storage: .int8)
        try await withThrowingTaskGroup(of: Int.self) { group in
            for task in 0..<8 {
                group.addTask {
                    var correct = 0
                    for round in 0..<40 {
                        let index = (task * 40 + round) % 350
                        if try gallery.search(probes[index], k: 1).first?.subjectID == "subject-\(index)" { correct += 1 }
                    }
                    return correct
                }
            }
            group.addTask {
                for index in 350..<400 {
                    try gallery.remove(subjectID: "subject-\(index)")
                    try gallery.add(probes[index], for: "subject-\(index)")
                }
                return 320
            }
            let total = try await group.reduce(0, +)
            #expect(total == 8 * 40 + 320)
        }
        #expect(gallery.count == 400)
    }
}
