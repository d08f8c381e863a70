import FaceMatch
import Foundation
import Testing

@Suite("Gallery subject ids: strings and 64-bit integers")
struct SubjectIDTests {
    static let model = GalleryTests.model

    /// The gallery of ``GalleryTests/enrolled(_:storage:dimension:seed:)`` keyed by integers:
    /// the same people, subject `n` for "subject-n".
    static func enrolledByNumber(_ count: Int, storage: GalleryStorage) throws -> (FaceGallery<Int64>, FaceGallery<String>, [FaceTemplate]) {
        let (named, probes) = try GalleryTests.enrolled(count, storage: storage)
        var faces = SyntheticFaces(seed: 3)
        let numbered = try FaceGallery(modelID: model, dimension: 128, storage: storage, subjectIDs: Int64.self)
        for index in 0..<Int64(count) {
            let person = faces.identity(dimension: 128)
            try numbered.add(FaceTemplate(embedding: faces.capture(of: person), modelID: model), for: 1_000_000_000_000 + index)
            _ = try faces.capture(of: person)
        }
        return (numbered, named, probes)
    }

    @Test("An integer-keyed gallery ranks exactly as the string-keyed one; add, replace, remove and bulk enrolment by number",
          arguments: GalleryStorage.allCases)
    func integerIDs(storage: GalleryStorage) throws {
        let (numbered, named, probes) = try Self.enrolledByNumber(60, storage: storage)
        for probe in probes.prefix(20) {
            let byNumber = try numbered.search(probe, k: 5)
            let byName = try named.search(probe, k: 5)
            #expect(byNumber.map(\.similarity) == byName.map(\.similarity))
            #expect(byNumber.map { "subject-\($0.subjectID - 1_000_000_000_000)" } == byName.map(\.subjectID))
        }
        #expect(try numbered.search(probes[7], k: 1).first?.subjectID == 1_000_000_000_007)
        try numbered.remove(subjectID: 1_000_000_000_007)
        #expect(!numbered.contains(subjectID: 1_000_000_000_007) && numbered.count == 59)
        try numbered.replace(probes[7], for: 1_000_000_000_008)
        #expect(try numbered.search(probes[7], k: 1).first?.subjectID == 1_000_000_000_008)
        #expect(throws: FaceMatchError(.subjectExists, "")) { try numbered.add(probes[0], for: 1_000_000_000_000) }
        #expect(throws: FaceMatchError(.subjectNotFound, "")) { try numbered.remove(subjectID: -1) }

        let vectors = probes.prefix(3).flatMap(\.embedding.values)
        try vectors.withUnsafeBufferPointer { try numbered.add(vectors: $0, subjectIDs: [-3, -2, Int64.min]) }
        #expect(try numbered.search(probes[2], k: 1).first?.subjectID == Int64.min)
    }

    @Test("Integer ids survive a save and load; a file of one kind of id does not load as the other", arguments: GalleryStorage.allCases)
    func persistence(storage: GalleryStorage) throws {
        let (numbered, named, probes) = try Self.enrolledByNumber(30, storage: storage)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("subject-ids-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let numberedFile = folder.appendingPathComponent("numbered.vfgl"), namedFile = folder.appendingPathComponent("named.vfgl")
        try numbered.write(to: numberedFile)
        try named.write(to: namedFile)
        let loaded = try FaceGallery<Int64>.load(from: numberedFile)
        #expect(loaded.count == 30)
        for probe in probes.prefix(10) { #expect(try loaded.search(probe, k: 3) == numbered.search(probe, k: 3)) }
        #expect(throws: FaceMatchError(.malformedGalleryFile, "")) { try FaceGallery<String>.load(from: numberedFile) }
        #expect(throws: FaceMatchError(.malformedGalleryFile, "")) { try FaceGallery<Int64>.load(from: namedFile) }
    }

    @Test("A version 1 file (string ids, no id byte), as earlier releases wrote it, still loads")
    func versionOneFile() throws {
        let (named, probes) = try GalleryTests.enrolled(12, storage: .int8)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("gallery-v1-\(UUID().uuidString).vfgl")
        defer { try? FileManager.default.removeItem(at: url) }
        try named.write(to: url)
        var file = [UInt8](try Data(contentsOf: url))
        #expect(file[4] == 2 && file[6] == 1)
        file[4] = 1
        file.remove(at: 6)
        file.replaceSubrange((file.count - 4)..<file.count, with: withUnsafeBytes(of: GalleryTests.crc32(file.dropLast(4)).littleEndian, Array.init))
        try Data(file).write(to: url)
        let loaded = try FaceGallery<String>.load(from: url)
        #expect(try loaded.search(probes[3], k: 3) == named.search(probes[3], k: 3))
    }

    @Test("A string id the file format cannot hold (empty, or longer than 65,535 bytes) is refused on enrolment, not when saving")
    func stringIDLimits() throws {
        let (gallery, probes) = try GalleryTests.enrolled(2, storage: .float32)
        #expect(throws: FaceMatchError(.invalidParameter, "")) { try gallery.add(probes[0], for: "") }
        #expect(throws: FaceMatchError(.invalidParameter, "")) { try gallery.add(probes[0], for: String(repeating: "é", count: 40_000)) }
        let vector = probes[0].embedding.values
        #expect(throws: FaceMatchError(.invalidParameter, "")) { try vector.withUnsafeBufferPointer { try gallery.add(vectors: $0, subjectIDs: [""]) } }
        try gallery.add(probes[0], for: String(repeating: "a", count: 65_535))
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("gallery-long-\(UUID().uuidString).vfgl")
        defer { try? FileManager.default.removeItem(at: url) }
        try gallery.write(to: url)
        #expect(try FaceGallery<String>.load(from: url).count == 3)
    }
}
