import Foundation

/// The person at rest, learnt in the first moments of a session: actions are judged against it,
/// so eyes that glasses or lighting make look half open still blink, and a camera mounted above
/// the face does not read as a nod.
struct SessionBaseline: Sendable {
    private var start: Date?
    private var eyes: [Float] = []
    private var yaws: [Float] = []
    private var pitches: [Float] = []
    private var mouths: [Float] = []
    private(set) var eyeOpenness: Float = 0.8
    private(set) var yaw: Float = 0
    private(set) var pitch: Float = 0
    private(set) var mouthOpenness: Float = 0.05

    /// Takes a good frame; true once `seconds` of them (at least three frames) are in.
    mutating func observe(_ frame: FrameObservation, at time: Date, for seconds: TimeInterval) -> Bool {
        let start = start ?? time
        self.start = start
        eyes.append(frame.eyeOpenness)
        yaws.append(frame.yaw)
        pitches.append(frame.pitch)
        mouths.append(frame.mouthOpenness)
        guard time.timeIntervalSince(start) >= seconds, eyes.count >= 3 else { return false }
        // Medians: a blink or a glance during the baseline moves them little.
        eyeOpenness = Self.median(eyes)
        yaw = Self.median(yaws)
        pitch = Self.median(pitches)
        mouthOpenness = Self.median(mouths)
        return true
    }

    private static func median(_ values: [Float]) -> Float {
        let sorted = values.sorted()
        return sorted[sorted.count / 2]
    }
}
