import FaceMatch
import Testing

@Suite("The face-model seam: crops checked against the model's contract, outputs checked and normalised")
struct FaceEmbeddingModelTests {
    /// A stand-in for an inference runtime: the crop's first bytes, scaled, as its output.
    private struct ByteModel: FaceEmbeddingModel {
        let modelID = "byte-model-v1"
        let dimension = 64
        let input = FaceModelInput(width: 8, height: 8, layout: .gray8, mean: 127.5, standardDeviation: 127.5, referenceLandmarks: [])
        var output: (@Sendable ([UInt8]) -> [Float])?

        func embed(_ crop: FaceCrop) throws -> [Float] {
            output?(crop.pixels) ?? crop.pixels.map { 3 * (Float($0) - 127.5) }
        }
    }

    private func crop(_ width: Int = 8, layout: PixelLayout = .gray8) throws -> FaceCrop {
        try FaceCrop(width: width, height: 8, layout: layout, pixels: (0..<(width * 8 * layout.channels)).map { UInt8($0 % 251) })
    }

    @Test("A crop of the contract's size and layout gives a unit-length template of the model")
    func template() throws {
        let template = try ByteModel().template(of: try crop())
        #expect(template.modelID == "byte-model-v1" && template.embedding.dimension == 64)
        #expect(abs(template.embedding.values.reduce(0) { $0 + $1 * $1 } - 1) < 1e-5)
    }

    @Test("A crop of another size or layout, an output of another length, NaN or zero are refused")
    func refusals() throws {
        #expect(throws: FaceMatchError(.invalidParameter, "")) { try ByteModel().template(of: try crop(16)) }
        #expect(throws: FaceMatchError(.invalidParameter, "")) { try ByteModel().template(of: try FaceCrop(width: 8, height: 8, layout: .rgb8, pixels: Array(repeating: 1, count: 192))) }
        #expect(throws: FaceMatchError(.invalidParameter, "")) { try FaceCrop(width: 8, height: 8, layout: .rgb8, pixels: Array(repeating: 1, count: 64)) }
        #expect(throws: FaceMatchError(.dimensionMismatch, "")) { try ByteModel(output: { _ in [1, 2, 3] }).template(of: try crop()) }
        #expect(throws: FaceMatchError(.invalidEmbedding, "")) { try ByteModel(output: { _ in Array(repeating: .nan, count: 64) }).template(of: try crop()) }
        #expect(throws: FaceMatchError(.invalidEmbedding, "")) { try ByteModel(output: { _ in Array(repeating: 0, count: 64) }).template(of: try crop()) }
    }

    @Test("The ArcFace contract: 112 × 112 RGB, five reference landmarks inside the crop")
    func arcFace() {
        let contract = FaceModelInput.arcFace112
        #expect(contract.width == 112 && contract.height == 112 && contract.layout == .rgb8)
        #expect(contract.referenceLandmarks.count == 5 && contract.referenceLandmarks.allSatisfy { (0...112).contains($0.x) && (0...112).contains($0.y) })
    }
}
