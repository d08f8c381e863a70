/// A face-embedding model: where an integrator's model (ArcFace, or any other) plugs into
/// FaceMatch. It maps an aligned crop to a vector; FaceMatch checks the crop against the
/// model's input contract and the vector's dimension, and normalises it to unit length, so every
/// template of one model compares with every other.
///
/// ```swift
/// struct ArcFaceModel: FaceEmbeddingModel {
///     let modelID = "arcface-r100-v1"
///     let dimension = 512
///     let input = FaceModelInput.arcFace112
///     func embed(_ crop: FaceCrop) throws -> [Float] { try runtime.run(crop.pixels) }  // your inference runtime
/// }
/// let template = try ArcFaceModel().template(of: alignedCrop)
/// ```
public protocol FaceEmbeddingModel: Sendable {
    /// The identifier written into templates: keep it stable, as templates of different models
    /// (or versions) never compare.
    var modelID: String { get }
    /// The length of the vectors ``embed(_:)`` returns.
    var dimension: Int { get }
    /// What the model takes.
    var input: FaceModelInput { get }
    /// The model's raw output for one aligned crop; it need not be normalised.
    func embed(_ crop: FaceCrop) throws -> [Float]
}

extension FaceEmbeddingModel {
    /// The template of an aligned crop: the crop checked against ``input``, the output's
    /// dimension checked, the vector normalised (a NaN, an infinity or a zero vector is
    /// `invalid-embedding`).
    public func template(of crop: FaceCrop, quality: Float = 1) throws -> FaceTemplate {
        try input.check(crop)
        let values = try embed(crop)
        guard values.count == dimension else {
            throw FaceMatchError(.dimensionMismatch, "Model \(modelID) returned \(values.count) values, not its \(dimension).")
        }
        return try FaceTemplate(embedding: FaceEmbedding(values), modelID: modelID, quality: quality)
    }
}
