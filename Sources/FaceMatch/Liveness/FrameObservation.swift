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
    /// How usable the frame is, 0 (no face, blurred, dark) to 1, when the model reports it: a
    /// frame below ``LivenessConfiguration/minimumQuality`` counts for timing only, so one bad
    /// frame neither completes an action nor reads as another face.
    public var quality: Float?

    /// Creates an observation of one frame.
    public init(
        capturedAt: Date, eyeOpenness: Float, mouthOpenness: Float, smile: Float? = nil, yaw: Float, pitch: Float,
        faceBox: FaceBox, embedding: FaceEmbedding, antiSpoofingScores: [String: Float] = [:], quality: Float? = nil
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
        self.quality = quality
    }

    /// Throws `invalid-parameter` naming the first value that is not finite or not in its range:
    /// a NaN or an infinity would otherwise slip through every comparison and change decisions.
    func validate() throws {
        func unit(_ value: Float?, _ name: String) throws {
            guard let value else { return }
            guard value.isFinite, (0...1).contains(value) else { throw FaceMatchError(.invalidParameter, "\(name) must be a finite number from 0 to 1.") }
        }
        guard capturedAt.timeIntervalSince1970.isFinite else { throw FaceMatchError(.invalidParameter, "capturedAt must be a finite time.") }
        try unit(eyeOpenness, "eyeOpenness")
        try unit(mouthOpenness, "mouthOpenness")
        try unit(smile, "smile")
        try unit(quality, "quality")
        guard yaw.isFinite, pitch.isFinite, (-90...90).contains(yaw), (-90...90).contains(pitch) else {
            throw FaceMatchError(.invalidParameter, "yaw and pitch must be finite angles from -90 to 90 degrees.")
        }
        let box = [faceBox.x, faceBox.y, faceBox.width, faceBox.height]
        guard box.allSatisfy(\.isFinite), (-1...2).contains(faceBox.x), (-1...2).contains(faceBox.y), (0...2).contains(faceBox.width),
              (0...2).contains(faceBox.height)
        else { throw FaceMatchError(.invalidParameter, "faceBox must be finite fractions of the frame.") }
        for (model, score) in antiSpoofingScores { try unit(score, "antiSpoofingScores[\(model)]") }
    }

    /// Whether every value the landmark model reports equals `other`'s, embedding included: two
    /// frames of a live camera always differ somewhere (sensor noise), a repeated image does not.
    func hasSameContent(as other: FrameObservation) -> Bool {
        eyeOpenness == other.eyeOpenness && mouthOpenness == other.mouthOpenness && smile == other.smile && yaw == other.yaw
            && pitch == other.pitch && faceBox == other.faceBox && embedding == other.embedding
    }
}
