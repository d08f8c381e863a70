/// What a face-embedding model expects: the crop's size and layout, how its pixels are
/// normalised into the model's input, and the reference landmarks a face is aligned to (a
/// similarity transform that puts the detected eyes, nose tip and mouth corners on them).
public struct FaceModelInput: Sendable, Hashable {
    /// A point in crop pixels.
    public struct Point: Sendable, Hashable {
        /// Pixels from the left edge.
        public let x: Float
        /// Pixels from the top edge.
        public let y: Float

        /// Creates a point.
        public init(x: Float, y: Float) {
            self.x = x
            self.y = y
        }
    }

    /// The crop's width in pixels.
    public let width: Int
    /// The crop's height in pixels.
    public let height: Int
    /// The pixel layout the model reads.
    public let layout: PixelLayout
    /// Input value = (pixel − mean) / standardDeviation.
    public let mean: Float
    /// See ``mean``.
    public let standardDeviation: Float
    /// The five reference landmarks: left eye, right eye, nose tip, left and right mouth corners
    /// (the person's left and right as seen in the crop).
    public let referenceLandmarks: [Point]

    /// Creates an input contract.
    public init(width: Int, height: Int, layout: PixelLayout, mean: Float, standardDeviation: Float, referenceLandmarks: [Point]) {
        self.width = width
        self.height = height
        self.layout = layout
        self.mean = mean
        self.standardDeviation = standardDeviation
        self.referenceLandmarks = referenceLandmarks
    }

    /// The ArcFace (InsightFace) contract: 112 × 112 RGB, (pixel − 127.5) / 127.5, and its
    /// reference landmarks.
    public static let arcFace112 = FaceModelInput(
        width: 112, height: 112, layout: .rgb8, mean: 127.5, standardDeviation: 127.5,
        referenceLandmarks: [.init(x: 38.2946, y: 51.6963), .init(x: 73.5318, y: 51.5014), .init(x: 56.0252, y: 71.7366),
                             .init(x: 41.5493, y: 92.3655), .init(x: 70.7299, y: 92.2041)])

    /// Throws `invalid-parameter` unless `crop` has this contract's size and layout.
    public func check(_ crop: FaceCrop) throws {
        guard crop.width == width, crop.height == height, crop.layout == layout else {
            throw FaceMatchError(.invalidParameter, "The model takes \(width) × \(height) \(layout.rawValue) crops, not \(crop.width) × \(crop.height) \(crop.layout.rawValue).")
        }
    }
}
