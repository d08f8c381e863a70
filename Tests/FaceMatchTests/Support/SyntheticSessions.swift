import FaceMatch
import Foundation

/// Timelines of liveness sessions as a camera and a landmark model would report them: an
/// honest person, and the attacks of ISO/IEC 30107 that FaceMatch must catch.
struct SyntheticSessions {
    var faces: SyntheticFaces
    let challenge: LivenessChallenge
    let person: [Float]
    let dimension = 128
    let frameInterval = 1.0 / 30

    init(seed: UInt64, actions: [LivenessAction] = [.blink, .turnLeft, .openMouth], start: Date = Date(timeIntervalSince1970: 1_795_600_000)) throws {
        faces = SyntheticFaces(seed: seed)
        person = faces.identity(dimension: 128)
        challenge = try LivenessChallenge(nonce: "n\(seed)", actions: actions, issuedAt: start, expiresAt: start.addingTimeInterval(30))
    }

    /// Each action performed `delay` seconds after the previous one (well inside the 4 s window
    /// by default), with the small movements of a living face and high passive scores.
    mutating func honest(delay: TimeInterval = 1.2, order: [LivenessAction]? = nil, passive: Float = 0.9) throws -> [FrameObservation] {
        var frames: [FrameObservation] = []
        var time = challenge.issuedAt.addingTimeInterval(0.2)
        for action in order ?? challenge.actions {
            let end = time.addingTimeInterval(delay + 0.6)
            let actionStart = time.addingTimeInterval(delay)
            while time < end {
                let acting = time >= actionStart
                frames.append(try frame(at: time, action: acting ? action : nil, progress: acting ? time.timeIntervalSince(actionStart) / 0.6 : 0, passive: passive))
                time = time.addingTimeInterval(frameInterval)
            }
        }
        return frames
    }

    /// A printed photograph: no blink, no movement, no change of distance, low passive scores.
    mutating func photo() throws -> [FrameObservation] {
        let still = try faces.capture(of: person, noise: 0.3)
        return (0..<120).map { index in
            FrameObservation(capturedAt: challenge.issuedAt.addingTimeInterval(0.2 + Double(index) * frameInterval), eyeOpenness: 0.8, mouthOpenness: 0.05,
                             yaw: 0, pitch: 0, faceBox: .init(x: 0.35, y: 0.3, width: 0.3, height: 0.4), embedding: still,
                             antiSpoofingScores: ["texture": 0.2, "depth": 0.15])
        }
    }

    /// A replayed video: the right actions, each done too late for its window.
    mutating func lateReplay() throws -> [FrameObservation] { try honest(delay: challenge.secondsPerAction + 1) }

    /// Someone else's face takes over half way through.
    mutating func faceSwap() throws -> [FrameObservation] {
        var frames = try honest()
        let stranger = faces.identity(dimension: dimension)
        for index in frames.indices.dropFirst(frames.count / 2) {
            frames[index].embedding = try faces.capture(of: stranger, noise: 0.5)
        }
        return frames
    }

    /// Frames injected into the stream: copies with the same timestamps.
    mutating func injected() throws -> [FrameObservation] {
        var frames = try honest()
        for index in stride(from: 10, to: frames.count, by: 15) { frames.insert(frames[index], at: index + 1) }
        return frames
    }

    private mutating func frame(at time: Date, action: LivenessAction?, progress: Double, passive: Float) throws -> FrameObservation {
        // Half a sine: the movement goes out and comes back.
        let motion = Float(Foundation.sin(Double.pi * min(1, max(0, progress))))
        let jitter = { (scale: Float, faces: inout SyntheticFaces) in scale * faces.gaussian() }
        var eye = 0.8 + jitter(0.03, &faces)
        var yaw = jitter(1.5, &faces)
        var pitch = jitter(1.5, &faces)
        var mouth = 0.05 + abs(jitter(0.02, &faces))
        var smile: Float = 0.1
        switch action {
        case .blink?: eye = 0.8 - 0.75 * motion
        case .turnLeft?: yaw = 30 * motion
        case .turnRight?: yaw = -30 * motion
        case .nod?: pitch = -20 * motion
        case .openMouth?: mouth = 0.7 * motion
        case .smile?: smile = 0.9 * motion
        case nil: break
        }
        return FrameObservation(
            capturedAt: time, eyeOpenness: eye, mouthOpenness: mouth, smile: smile, yaw: yaw, pitch: pitch,
            faceBox: .init(x: 0.35, y: 0.3, width: 0.3 + jitter(0.01, &faces), height: 0.4),
            embedding: try faces.capture(of: person, noise: 0.5),
            antiSpoofingScores: ["texture": min(1, max(0, passive + jitter(0.05, &faces))), "depth": min(1, max(0, passive - 0.05))]
        )
    }
}
