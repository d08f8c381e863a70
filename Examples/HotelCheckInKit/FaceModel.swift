import FaceMatch
import Foundation

/// The desk's camera and models: a face-embedding model (FaceMatch's ``FaceEmbeddingModel``,
/// where an integrator's ArcFace-style model plugs in), the camera's aligned crops, and a
/// landmark model that turns each frame into a `FrameObservation`. The examples use
/// ``SimulatedFaceModel``, which produces what such models would, deterministically.
public protocol FaceModel: FaceEmbeddingModel {
    /// The aligned crop of still capture number `capture` of `person`.
    func crop(of person: SimulatedPerson, capture: Int) throws -> FaceCrop
    /// Feeds `session` the frames a camera and landmark model report while `person` follows the
    /// prompts the session shows, until it is finished or its challenge expires.
    func capture(_ person: SimulatedPerson, into session: inout LivenessSession, attack: SimulatedAttack?) throws
}

extension FaceModel {
    /// The embedding of still capture number `capture` of `person`, through the model.
    public func embedding(of person: SimulatedPerson, capture: Int) throws -> FaceEmbedding {
        try template(of: crop(of: person, capture: capture)).embedding
    }
}

/// A person in the simulation: a name for the story and a seed for their face.
public struct SimulatedPerson: Sendable, Hashable {
    public let name: String
    public let seed: UInt64

    public init(name: String, seed: UInt64) {
        self.name = name
        self.seed = seed
    }
}

/// The presentation attacks the simulation can stage.
public enum SimulatedAttack: Sendable {
    /// A printed photograph held up to the camera.
    case photo
}

/// A deterministic stand-in for an ArcFace-style model (512-d embeddings) and a landmark model.
/// Every number it prints is generated from seeds, which the examples say in their output.
public struct SimulatedFaceModel: FaceModel {
    public let modelID = "simulated-arcface-512"

    public init() {}

    public let dimension = 512
    public let input = FaceModelInput.arcFace112

    /// A simulated crop: the person's seed and the capture number written into its first
    /// sixteen bytes, which is all the simulated model reads.
    public func crop(of person: SimulatedPerson, capture index: Int) throws -> FaceCrop {
        var pixels = [UInt8](repeating: 128, count: input.width * input.height * input.layout.channels)
        withUnsafeBytes(of: person.seed.littleEndian) { pixels.replaceSubrange(0..<8, with: $0) }
        withUnsafeBytes(of: UInt64(index).littleEndian) { pixels.replaceSubrange(8..<16, with: $0) }
        return try FaceCrop(width: input.width, height: input.height, layout: input.layout, pixels: pixels)
    }

    public func embed(_ crop: FaceCrop) throws -> [Float] {
        let seed = crop.pixels[0..<8].enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
        let index = crop.pixels[8..<16].enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
        var noise = SeededNumbers(seed: seed &* 31 &+ index)
        return try capture(of: SimulatedPerson(name: "", seed: seed), noise: &noise).values
    }

    public func capture(_ person: SimulatedPerson, into session: inout LivenessSession, attack: SimulatedAttack?) throws {
        var numbers = SeededNumbers(seed: person.seed ^ 0xC0FFEE)
        let challenge = session.challenge
        var time = challenge.issuedAt.addingTimeInterval(0.3)
        let still = try capture(of: person, noise: &numbers)
        // The person answers each prompt 0.7 s after it is shown (a blink or a nod is one movement
        // of 0.6 s; a pose is held until the cue to return, and let go 0.6 s after it).
        var answers: [LivenessAction: Date] = [:]
        var returns: [LivenessAction: Date] = [:]
        while time < challenge.expiresAt, !session.progress.isFinished {
            if attack == .photo {
                // A printed photograph: the same face, only the hand's tremor, no answer.
                guard time < challenge.issuedAt.addingTimeInterval(12) else { return }
                try session.append(FrameObservation(capturedAt: time, eyeOpenness: 0.8, mouthOpenness: 0.05, yaw: 0.2 * numbers.gaussian(),
                                                    pitch: 0.2 * numbers.gaussian(), faceBox: .init(x: 0.35, y: 0.3, width: 0.3, height: 0.4),
                                                    embedding: still, antiSpoofingScores: ["texture": 0.15]))
            } else {
                switch session.progress.step {
                case .prompt(let action, _, let shownAt, _) where answers[action] == nil: answers[action] = shownAt.addingTimeInterval(0.7)
                case .hold(let action, let returnAt): returns[action] = returnAt.addingTimeInterval(0.6)
                default: break
                }
                var frame = FrameObservation(
                    capturedAt: time, eyeOpenness: 0.8 + 0.03 * numbers.gaussian(), mouthOpenness: 0.05, smile: 0.1,
                    yaw: 1.5 * numbers.gaussian(), pitch: 1.5 * numbers.gaussian(),
                    faceBox: .init(x: 0.35, y: 0.3, width: 0.3 + 0.01 * numbers.gaussian(), height: 0.4),
                    embedding: try capture(of: person, noise: &numbers), antiSpoofingScores: ["texture": 0.9 + 0.03 * numbers.gaussian()]
                )
                for (action, start) in answers {
                    let progress = time.timeIntervalSince(start) / 0.6
                    let motion: Float
                    if action.isHeld {
                        guard progress >= 0, time < returns[action] ?? .distantFuture else { continue }
                        motion = Float(min(1, 2 * progress))
                    } else {
                        guard (0...1).contains(progress) else { continue }
                        motion = Float(sin(Double.pi * progress))
                    }
                    switch action {
                    case .blink: frame.eyeOpenness = 0.8 - 0.75 * motion
                    case .turnLeft: frame.yaw = 30 * motion
                    case .turnRight: frame.yaw = -30 * motion
                    case .nod: frame.pitch = -20 * motion
                    case .openMouth: frame.mouthOpenness = 0.7 * motion
                    case .smile: frame.smile = 0.9 * motion
                    }
                }
                try session.append(frame)
            }
            // A camera at about 30 frames a second, with the jitter a real one has.
            time = time.addingTimeInterval(1.0 / 30 + 0.003 * Double(numbers.gaussian()))
        }
    }

    /// The person's identity vector plus capture noise, as a model sees two photos of one face.
    private func capture(of person: SimulatedPerson, noise: inout SeededNumbers) throws -> FaceEmbedding {
        var identity = SeededNumbers(seed: person.seed)
        let scale: Float = 0.5 / Float(dimension).squareRoot()
        return try FaceEmbedding((0..<dimension).map { _ in identity.gaussian() / Float(dimension).squareRoot() + scale * noise.gaussian() })
    }
}

/// SplitMix64 with Box–Muller normals: reproducible numbers for the simulation.
struct SeededNumbers {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func uniform() -> Double {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return (Double((mixed ^ (mixed >> 31)) >> 11) + 0.5) / Double(1 << 53)
    }

    mutating func gaussian() -> Float {
        Float((-2 * log(uniform())).squareRoot() * cos(2 * Double.pi * uniform()))
    }
}
