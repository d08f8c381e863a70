import FaceMatch
import Foundation
import Testing

@Suite("Face embeddings and templates")
struct TemplateTests {
    @Test("Embeddings are normalised; bad vectors are typed errors")
    func embeddings() throws {
        let embedding = try FaceEmbedding([Float](repeating: 3, count: 128))
        #expect(abs(embedding.values.reduce(0) { $0 + $1 * $1 } - 1) < 1e-5)
        for bad in [[Float](repeating: 1, count: 63), [Float](repeating: 1, count: 2049), [Float](repeating: 0, count: 128),
                    [Float](repeating: 1, count: 127) + [.nan], [Float](repeating: 1, count: 127) + [.infinity]] {
            #expect(throws: FaceMatchError(.invalidEmbedding, "")) { try FaceEmbedding(bad) }
        }
        #expect(throws: FaceMatchError(.dimensionMismatch, "")) {
            try embedding.cosineSimilarity(to: FaceEmbedding([Float](repeating: 1, count: 256)))
        }
    }

    @Test("Every encoding round-trips, keeping the similarity close", arguments: [
        (FaceTemplate.Encoding.float32, Float(1e-6)), (.float16, 2e-3), (.int8, 2e-2),
    ])
    func encodings(encoding: FaceTemplate.Encoding, tolerance: Float) throws {
        var faces = SyntheticFaces(seed: 1)
        let person = faces.identity(dimension: 512)
        let a = try faces.capture(of: person)
        let b = try faces.capture(of: person)
        let template = try FaceTemplate(embedding: a, modelID: "arcface-r100-v1", quality: 0.87, encoding: encoding)
        let bytes = template.serialized
        let bytesPerValue: Int = [4, 2, 1][Int(encoding.rawValue) - 1]
        let header = 4 + 1 + 1 + 2 + 1 + 15 + 4 + 4
        #expect(bytes.count == header + 512 * bytesPerValue + 4)
        let read = try FaceTemplate(serialized: bytes)
        #expect(read == template)
        #expect(read.serialized == bytes)
        #expect(read.quality == 0.87 && read.modelID == "arcface-r100-v1" && read.encoding == encoding)
        let exact = try a.cosineSimilarity(to: b)
        let stored = try read.similarity(to: FaceTemplate(embedding: b, modelID: "arcface-r100-v1"))
        #expect(abs(exact - stored) < tolerance)
    }

    @Test("Templates of different models never compare")
    func modelMismatch() throws {
        let embedding = try FaceEmbedding([Float](repeating: 1, count: 128))
        let a = try FaceTemplate(embedding: embedding, modelID: "arcface-r100-v1")
        let b = try FaceTemplate(embedding: embedding, modelID: "facenet-512")
        #expect(throws: FaceMatchError(.modelMismatch, "")) { try a.similarity(to: b) }
    }

    @Test("Every truncation and every flipped byte of a template is a typed error, never a crash")
    func malformed() throws {
        let embedding = try FaceEmbedding((0..<128).map { Float($0 % 7) - 3 })
        let bytes = try FaceTemplate(embedding: embedding, modelID: "m", encoding: .int8).serialized
        for length in 0..<bytes.count {
            #expect(throws: FaceMatchError(.malformedTemplate, "")) { try FaceTemplate(serialized: bytes.prefix(length)) }
        }
        for index in bytes.indices {
            var corrupt = bytes
            corrupt[index] ^= 0x10
            #expect(throws: FaceMatchError(.malformedTemplate, "")) { try FaceTemplate(serialized: corrupt) }
        }
        #expect(throws: FaceMatchError(.malformedTemplate, "")) { try FaceTemplate(serialized: bytes + [0]) }
    }

    @Test("Malformed fields behind a valid checksum are refused with their reason", arguments: [
        (4, UInt8(2), "version"), (5, 9, "encoding"), (6, 0, "dimension"), (8, 0, "model id"),
    ])
    func fieldChecks(offset: Int, value: UInt8, reason: String) throws {
        var body = try Array(FaceTemplate(embedding: FaceEmbedding([Float](repeating: 1, count: 128)), modelID: "m").serialized.dropLast(4))
        body[offset] = value
        let crc = Self.crc32(body)
        let writer = body + withUnsafeBytes(of: crc.littleEndian) { Array($0) }
        let error = try #require(throws: FaceMatchError.self) { try FaceTemplate(serialized: writer) }
        #expect(error.code == .malformedTemplate)
        #expect(error.reason.lowercased().contains(reason), "\(error.reason)")
    }

    /// CRC-32 written out here, independently of the SDK's table.
    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }
}
