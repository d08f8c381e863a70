import Foundation

/// The thresholds a ``LivenessSession`` decides with; the defaults suit ArcFace-style
/// embeddings and landmark models that report openness in 0...1 and angles in degrees.
/// ``LivenessSession`` checks them when it starts (``validate()``).
public struct LivenessConfiguration: Sendable, Hashable {
    /// A good frame is this similar to the session's reference face (the mean of its first
    /// good frames) or counts as another face.
    public var sameFaceThreshold: Float = 0.5
    /// This many good frames in a row of another face are an identity switch: one blurred or
    /// half-turned frame is not.
    public var identityRun = 5
    /// Frames whose reported quality is below this count for timing only.
    public var minimumQuality: Float = 0.5
    /// Frame rates a real camera delivers.
    public var framesPerSecond: ClosedRange<Double> = 8...120
    /// The longest pause between frames before the capture counts as interrupted.
    public var maximumGap: TimeInterval = 1.0
    /// A camera's frame intervals vary: a coefficient of variation below this, over at least 30
    /// intervals, is a virtual camera's clock. 0 turns the check off, for a camera that stamps
    /// frames by a counter.
    public var minimumIntervalVariation: Double = 0.01
    /// More frames than this that repeat the frame before them exactly, under a new time, are
    /// injected frames (a real sensor never repeats itself).
    public var maximumRepeatedFrames = 1
    /// How long the session watches before the first prompt, to learn the person's baseline
    /// (eye openness with or without glasses, the head's angle to the camera).
    public var baselineSeconds: TimeInterval = 0.8
    /// The least time from a prompt to the action done, per action: a person reads the prompt
    /// (about 0.2 s) and moves; a response quicker than this was not a response to the prompt.
    public var minimumResponseSeconds: [LivenessAction: TimeInterval] = [
        .blink: 0.3, .turnLeft: 0.45, .turnRight: 0.45, .nod: 0.6, .openMouth: 0.35, .smile: 0.4,
    ]
    /// The least and most time from the cue to return to the face back at rest: sooner was not
    /// an answer to the cue (the pose was not held), later did not follow it.
    public var returnSeconds: ClosedRange<TimeInterval> = 0.3...3.0
    /// Weights of the passive anti-spoofing models by name; models not listed weigh 1.
    public var passiveWeights: [String: Float] = [:]
    /// A passive model whose mean score is below this is an attack signal on its own: a strong
    /// signal of one model is not diluted by the others.
    public var passiveAttackThreshold: Float = 0.3
    /// Scores at or above are live (when no reason stands against the session).
    public var liveThreshold: Float = 0.8
    /// Eyes count as closed at or below this fraction of the person's open-eye baseline.
    public var eyesClosedFraction: Float = 0.45
    /// Eyes count as open again at or above this fraction of the baseline.
    public var eyesOpenFraction: Float = 0.75
    /// The yaw, in degrees from the baseline, that counts as a head turn.
    public var headTurnDegrees: Float = 20
    /// The pitch, in degrees below the baseline, that counts as the down of a nod.
    public var nodDegrees: Float = 12
    /// Mouth openness at or above which (and at least 0.3 above the baseline) the mouth is open.
    public var mouthOpen: Float = 0.5
    /// The smile score at or above which the face counts as smiling.
    public var smiling: Float = 0.6

    /// Creates the default configuration.
    public init() {}

    /// Throws `invalid-parameter` naming the first setting that is not finite or not in range.
    public func validate() throws {
        func check(_ condition: Bool, _ message: String) throws {
            guard condition else { throw FaceMatchError(.invalidParameter, "LivenessConfiguration: \(message)") }
        }
        let units = [sameFaceThreshold, minimumQuality, passiveAttackThreshold, liveThreshold, eyesClosedFraction, eyesOpenFraction, mouthOpen, smiling]
        try check(units.allSatisfy { $0.isFinite && (0...1).contains($0) }, "thresholds on 0...1 scores must be finite and in 0...1.")
        try check(eyesClosedFraction < eyesOpenFraction, "eyesClosedFraction must be below eyesOpenFraction.")
        try check(framesPerSecond.lowerBound.isFinite && framesPerSecond.upperBound.isFinite && framesPerSecond.lowerBound > 0, "framesPerSecond must be a finite, positive range.")
        try check(maximumGap.isFinite && maximumGap > 0, "maximumGap must be finite and positive.")
        try check(minimumIntervalVariation.isFinite && (0...1).contains(minimumIntervalVariation), "minimumIntervalVariation must be in 0...1.")
        try check(baselineSeconds.isFinite && (0...10).contains(baselineSeconds), "baselineSeconds must be 0 to 10.")
        try check(identityRun >= 1 && maximumRepeatedFrames >= 0, "identityRun must be at least 1 and maximumRepeatedFrames at least 0.")
        try check(minimumResponseSeconds.values.allSatisfy { $0.isFinite && (0...5).contains($0) }, "minimumResponseSeconds must be 0 to 5 s.")
        try check(returnSeconds.lowerBound.isFinite && returnSeconds.upperBound.isFinite && returnSeconds.lowerBound >= 0 && returnSeconds.upperBound <= 30,
                  "returnSeconds must be a finite range within 0...30 s.")
        try check(passiveWeights.values.allSatisfy { $0.isFinite && $0 >= 0 }, "passiveWeights must be finite and not negative.")
        try check([headTurnDegrees, nodDegrees].allSatisfy { $0.isFinite && (1...90).contains($0) }, "headTurnDegrees and nodDegrees must be 1 to 90.")
    }
}
