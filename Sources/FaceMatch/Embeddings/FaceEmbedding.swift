/// A face embedding: the vector a face model (ArcFace and its kin) computes from an aligned
/// face, stored L2-normalised so that cosine similarity is a dot product.
///
/// ```swift
/// let probe = try FaceEmbedding(modelOutput)        // 512 floats from the integrator's model
/// let score = try probe.cosineSimilarity(to: reference)
/// ```
public struct FaceEmbedding: Sendable, Hashable {
    /// The dimensions accepted: the face models in use produce 128 to 1024.
    public static let dimensions = 64...2048

    /// The unit-length vector.
    public let values: [Float]

    /// Normalises `values`, refusing an unsupported dimension, NaN, infinity or a zero vector.
    public init(_ values: [Float]) throws {
        guard Self.dimensions.contains(values.count) else {
            throw FaceMatchError(.invalidEmbedding, "An embedding has \(Self.dimensions.lowerBound) to \(Self.dimensions.upperBound) dimensions; this one has \(values.count).")
        }
        guard values.allSatisfy(\.isFinite) else {
            throw FaceMatchError(.invalidEmbedding, "The embedding holds NaN or infinity; check the face model's output.")
        }
        let norm = VectorMath.dot(values, values).squareRoot()
        guard norm > 0, norm.isFinite else {
            throw FaceMatchError(.invalidEmbedding, "The embedding is a zero vector (or overflows); it carries no face.")
        }
        self.values = values.map { $0 / norm }
    }

    /// Wraps values that are already unit length (decoded templates).
    init(normalised values: [Float]) {
        self.values = values
    }

    /// The number of components, between 64 and 2,048 (512 for ArcFace-style models).
    public var dimension: Int { values.count }

    /// Cosine similarity in -1...1; embeddings of different dimensions never compare.
    public func cosineSimilarity(to other: FaceEmbedding) throws -> Float {
        guard dimension == other.dimension else {
            throw FaceMatchError(.dimensionMismatch, "Embeddings of \(dimension) and \(other.dimension) dimensions cannot be compared.")
        }
        return min(1, max(-1, VectorMath.dot(values, other.values)))
    }
}
