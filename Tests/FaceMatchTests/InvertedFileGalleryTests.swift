import FaceMatch
import Foundation
import Testing

@Suite("City-scale inverted-file gallery")
struct InvertedFileGalleryTests {
    static let model = GalleryTests.model

    /// Clustered identities as in ``GalleryTests/clustered(_:storage:dimension:seed:)``, as one
    /// float buffer (not normalised, as a model's output arrives) and probes of the first 100.
    static func clusteredVectors(_ count: Int, dimension: Int = 512, seed: UInt64 = 21) throws -> (vectors: [Float], probes: [FaceTemplate]) {
        var faces = SyntheticFaces(seed: seed)
        let centres = (0..<5).map { _ in faces.identity(dimension: dimension) }
        var vectors: [Float] = []
        vectors.reserveCapacity(count * dimension)
        var probes: [FaceTemplate] = []
        for index in 0..<count {
            let person = zip(centres[index % centres.count], faces.identity(dimension: dimension)).map { $0 + 0.7 * $1 }
            vectors += try faces.capture(of: person, noise: 0.4 + 0.4 * Float(faces.uniform())).values.map { $0 * 3 }
            if probes.count < 100 { probes.append(try FaceTemplate(embedding: faces.capture(of: person, noise: 0.4 + 0.6 * Float(faces.uniform())), modelID: model)) }
        }
        return (vectors, probes)
    }

    static func trained(_ vectors: [Float], lists: Int, refined: Bool = true) throws -> InvertedFileGallery {
        let gallery = try vectors.withUnsafeBufferPointer { try InvertedFileGallery(modelID: model, dimension: 512, lists: lists, training: $0, refined: refined) }
        try vectors.withUnsafeBufferPointer { try gallery.add(vectors: $0, subjectIDs: (0..<Int64(vectors.count / 512)).map { $0 }) }
        return gallery
    }

    @Test("On clustered identities, recall@10 against exact search is at least 0.99 scanning a quarter of the lists, and 0.999 scanning all")
    func recall() throws {
        let (vectors, probes) = try Self.clusteredVectors(12_000)
        let exact = try FaceGallery(modelID: Self.model, dimension: 512)
        try vectors.withUnsafeBufferPointer { try exact.add(vectors: $0, subjectIDs: (0..<12_000).map(String.init)) }
        let gallery = try Self.trained(vectors, lists: 64)
        #expect(gallery.count == 12_000 && gallery.listSizes.reduce(0, +) == 12_000)
        #expect(gallery.listSizes.allSatisfy { $0 > 0 })
        var found: [Int: Int] = [16: 0, 64: 0]
        for probe in probes {
            let truth = Set(try exact.search(probe, k: 10).map { Int64($0.subjectID)! })
            for searched in found.keys {
                found[searched, default: 0] += try gallery.search(probe, k: 10, listsSearched: searched).filter { truth.contains($0.subjectID) }.count
            }
        }
        let quarter = Double(found[16] ?? 0) / 1000, all = Double(found[64] ?? 0) / 1000
        print("Inverted file, 12,000 clustered subjects in 64 lists: recall@10 \(quarter) scanning 16 lists, \(all) scanning all 64")
        #expect(quarter >= 0.99)
        #expect(all >= 0.999)
    }

    @Test("Re-scored similarities are those of exact search within 1e-3 (refined) or 2e-2 (one code); each probe finds its own subject")
    func similarities() throws {
        let (vectors, probes) = try Self.clusteredVectors(3_000)
        let exact = try FaceGallery(modelID: Self.model, dimension: 512)
        try vectors.withUnsafeBufferPointer { try exact.add(vectors: $0, subjectIDs: (0..<3_000).map(String.init)) }
        for (refined, tolerance) in [(true, Float(1e-3)), (false, Float(2e-2))] {
            let gallery = try Self.trained(vectors, lists: 16, refined: refined)
            for (index, probe) in probes.prefix(20).enumerated() {
                let matches = try gallery.search(probe, k: 5, listsSearched: 16)
                #expect(matches.first?.subjectID == Int64(index))
                let truth = Dictionary(uniqueKeysWithValues: try exact.search(probe, k: 50).map { (Int64($0.subjectID)!, $0.similarity) })
                for match in matches {
                    #expect(abs(match.similarity - (truth[match.subjectID] ?? -2)) <= tolerance, "\(match) refined \(refined)")
                }
            }
        }
    }

    @Test("Batch, single and multi-threaded searches agree; the threshold filter; the same seed trains the same lists")
    func searchesAgree() throws {
        let (vectors, probes) = try Self.clusteredVectors(4_000)
        let gallery = try Self.trained(vectors, lists: 32)
        let sample = Array(probes.prefix(12))
        let batch = try gallery.search(batch: sample, k: 5, listsSearched: 8)
        for (probe, batched) in zip(sample, batch) {
            #expect(try gallery.search(probe, k: 5, listsSearched: 8) == batched)
            #expect(try gallery.search(probe, k: 5, listsSearched: 8, threads: 2) == batched)
            let threshold = batched[2].similarity
            #expect(try gallery.search(probe, k: 5, listsSearched: 8, minimumSimilarity: threshold) == Array(batched.prefix(3)))
        }
        let again = try Self.trained(vectors, lists: 32)
        #expect(again.listSizes == gallery.listSizes)
    }

    @Test("A sample with many copies of one face still trains distinct lists, each heading some of it")
    func emptyListsRestartApart() throws {
        let (vectors, _) = try Self.clusteredVectors(96)
        // A third of the sample is one capture repeated: seeds drawn among them coincide, and all
        // but one of those lists come out of the first assignment empty.
        let repeated = Array(repeating: Array(vectors.prefix(512)), count: 48).flatMap { $0 } + vectors
        let gallery = try Self.trained(repeated, lists: 32)
        #expect(gallery.listSizes.allSatisfy { $0 > 0 }, "\(gallery.listSizes)")
    }

    @Test("Enrolment and removal by integer id; a bad row, a known or repeated id adds nothing; bad parameters are typed errors")
    func mutations() throws {
        let (vectors, probes) = try Self.clusteredVectors(600)
        let gallery = try Self.trained(Array(vectors.prefix(500 * 512)), lists: 8)
        #expect(gallery.count == 500 && gallery.contains(subjectID: 499) && !gallery.contains(subjectID: 500))
        try gallery.add(FaceTemplate(embedding: FaceEmbedding(Array(vectors[(500 * 512)..<(501 * 512)])), modelID: Self.model), for: 500)
        #expect(gallery.count == 501)

        var bad = Array(vectors[(501 * 512)..<(511 * 512)])
        bad[9 * 512 + 7] = .nan
        let ids: [Int64] = Array(501..<511)
        #expect(throws: FaceMatchError.self) { try bad.withUnsafeBufferPointer { try gallery.add(vectors: $0, subjectIDs: ids) } }
        #expect(throws: FaceMatchError.self) { try bad.prefix(1024).withUnsafeBufferPointer { try gallery.add(vectors: UnsafeBufferPointer(rebasing: $0[...]), subjectIDs: [501, 499]) } }
        #expect(throws: FaceMatchError.self) { try bad.prefix(1024).withUnsafeBufferPointer { try gallery.add(vectors: UnsafeBufferPointer(rebasing: $0[...]), subjectIDs: [501, 501]) } }
        #expect(gallery.count == 501 && !gallery.contains(subjectID: 501))

        let first = try #require(try gallery.search(probes[0], k: 1, listsSearched: 8).first)
        #expect(first.subjectID == 0)
        try gallery.remove(subjectID: 0)
        #expect(try gallery.search(probes[0], k: 10, listsSearched: 8).allSatisfy { $0.subjectID != 0 })
        #expect(gallery.count == 500 && gallery.listSizes.reduce(0, +) == 500)
        #expect(throws: FaceMatchError.self) { try gallery.remove(subjectID: 0) }

        let other = try FaceTemplate(embedding: FaceEmbedding(Array(vectors.prefix(512))), modelID: "other-model")
        #expect(throws: FaceMatchError.self) { try gallery.search(other, listsSearched: 4) }
        #expect(throws: FaceMatchError.self) { try gallery.search(probes[0], k: 0, listsSearched: 4) }
        #expect(throws: FaceMatchError.self) { try gallery.search(probes[0], listsSearched: 0) }
        #expect(throws: FaceMatchError.self) {
            try vectors.prefix(4 * 512).withUnsafeBufferPointer { try InvertedFileGallery(modelID: Self.model, dimension: 512, lists: 8, training: UnsafeBufferPointer(rebasing: $0[...])) }
        }
        #expect(InvertedFileGallery.recommendedLists(for: 1_000_000) == 4096 && InvertedFileGallery.recommendedLists(for: 0) == 4)
    }

    @Test("A bulk enrolment into a new gallery grows each list once, to its exact size; enrolling one at a time after it still works")
    func exactRoom() throws {
        let (vectors, probes) = try Self.clusteredVectors(3_000)
        let empty = try vectors.withUnsafeBufferPointer { try InvertedFileGallery(modelID: Self.model, dimension: 512, lists: 16, training: $0) }
        let before = empty.memoryBytes
        try vectors.withUnsafeBufferPointer { try empty.add(vectors: $0, subjectIDs: (0..<3_000).map { $0 }) }
        // Two 512-byte codes, two scales and an id a template, and the id set's 8 bytes a slot.
        let perTemplate = 2 * 512 + 2 * 4 + 8
        let added = empty.memoryBytes - before
        #expect(added >= 3_000 * perTemplate - 16 * perTemplate && added <= 3_000 * (perTemplate + 16), "\(added) bytes for 3,000 templates")
        for (offset, probe) in probes.prefix(50).enumerated() { try empty.add(probe, for: 10_000 + Int64(offset)) }
        #expect(empty.count == 3_050 && empty.listSizes.reduce(0, +) == 3_050)
        #expect(try empty.search(probes[3], k: 1, listsSearched: 16).first?.subjectID == 10_003)
    }
}
