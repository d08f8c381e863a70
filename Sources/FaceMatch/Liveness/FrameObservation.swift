import Foundation

/// What the integrator's face-landmark model reports for one camera frame.
///
/// FaceMatch never sees images: the integrator's models turn each frame into these numbers, and
/// FaceMatch decides whether they describe a live person doing what was asked.
public struct FrameObservation: Sendable {
    /// Where the face is in the frame, in fractions of the frame's width and height.
    public struct FaceBox: Sendable, Hashable {
        /// The left edge.
        public var x: Float
        /// The top edge.
        public var y: Float
        /// The box's width.
        public var width: Float
        /// The box's height.
        public var height: Float

        /// Creates a box from fractions of the frame's width and height.
        public init(x: Float, y: Float, width: Float, height: Float) {
            self.x = x
            self.y = y
            self.width = width
            self.height = height
        }
    }

    /// Capture time (the camera clock, in seconds).
    public var capturedAt: Date
    /// Eye openness, 0 closed to 1 wide open.
    public var eyeOpenness: Float
    /// Mouth openness, 0 closed to 1 wide open.
    public var mouthOpenness: Float
    /// Smile intensity from the model's expression output, 0 to 1, if it has one.
    public var smile: Float?
    /// Head yaw in degrees, positive to the person's left.
    public var yaw: Float
    /// Head pitch in degrees, positive up.
    public var pitch: Float
    /// Where the face is in the frame.
    public var faceBox: FaceBox
    /// The face embedding of this frame.
    public var embedding: FaceEmbedding
    /// Passive anti-spoofing scores by model name, 0 (attack) to 1 (bona fide).
    public var antiSpoofingScores: [String: Float]

    /// Creates an observation of one frame.
    public init(
        capturedAt: Date, eyeOpenness: Float, mouthOpenness: Float, smile: Float? = nil, yaw: Float, pitch: Float,
        faceBox: FaceBox, embedding: FaceEmbedding, antiSpoofingScores: [String: Float] = [:]
    ) {
        self.capturedAt = capturedAt
        self.eyeOpenness = eyeOpenness
        self.mouthOpenness = mouthOpenness
        self.smile = smile
        self.yaw = yaw
        self.pitch = pitch
        self.faceBox = faceBox
        self.embedding = embedding
        self.antiSpoofingScores = antiSpoofingScores
    }
}
