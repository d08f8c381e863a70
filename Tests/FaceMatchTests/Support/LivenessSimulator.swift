import FaceMatch
import Foundation

/// Seeded sessions in front of a simulated camera, bona fide and attacks, each modelled as its
/// physical or injection process and run as an app runs a session: frame by frame, the person
/// answering the prompts the session's progress shows, when they are shown.
///
/// People vary: reaction times (some slow), a missed prompt now and then, spontaneous blinks,
/// micro head motion, the camera's angle, glasses (eyes look half open), low light (noisier
/// landmarks, lower quality, more garbage frames), 15 to 30 frames a second with jitter and
/// dropped frames, an occasional garbage frame. Attacks are the species of ``Species``.
struct LivenessSimulator {
    enum Species: String, CaseIterable {
        case printedPhoto = "printed photo"
        case cutOutPhoto = "photo with cut-out eyes and mouth"
        case faceSwap = "face swap"
        case secondPerson = "second person"
        case framesOutOfOrder = "frames out of order"
        case frozenFrames = "frozen injected frames"
        case replayOtherOrder = "replay, another challenge order"
        case replayLuckyOrder = "replay, recorded order matches"
        case regularClock = "virtual camera, perfectly regular clock"
        case duplicatedFrames = "virtual camera, duplicated frames"
        case tooFast = "faster than a person"
        /// A puppet that answers prompts with human timing through a camera-like clock: nothing
        /// active liveness sees tells it from a person; a passive or injection model must.
        case humanLikePuppet = "human-like puppet (needs a passive model)"

        /// Whether timing, repetition, order or identity can tell it from a person: a puppet
        /// that answers with human timing through a camera-like clock needs a passive model.
        var isCatchableByActiveLiveness: Bool { self != .humanLikePuppet }
    }

    private var numbers: SyntheticFaces
    private let dimension = 128
    let start = Date(timeIntervalSince1970: 1_795_600_000)

    init(seed: UInt64) {
        numbers = SyntheticFaces(seed: seed)
    }

    /// A fresh challenge of four actions.
    mutating func challenge(actions: [LivenessAction]? = nil) throws -> LivenessChallenge {
        var generator = SeededGenerator(numbers: numbers)
        defer { numbers = generator.numbers }
        let drawn = try LivenessChallenge.random(actions: 4, now: start, using: &generator)
        guard let actions else { return drawn }
        return try LivenessChallenge(nonce: drawn.nonce, actions: actions, issuedAt: drawn.issuedAt, expiresAt: drawn.expiresAt,
                                     secondsPerAction: drawn.secondsPerAction, attemptsPerAction: drawn.attemptsPerAction, promptDelays: drawn.promptDelays,
                                     holdDelays: drawn.holdDelays)
    }

    // MARK: Sessions

    mutating func bonaFide(_ challenge: LivenessChallenge) throws -> LivenessAssessment {
        var person = Performer(traits: .person(&numbers), identity: numbers.identity(dimension: dimension))
        var camera = Camera.real(&numbers, garbage: person.traits.lowLight ? 0.06 : 0.02)
        return try run(challenge, person: &person, camera: &camera).assessment
    }

    mutating func attack(_ species: Species, _ challenge: LivenessChallenge) throws -> LivenessAssessment {
        var traits = Traits.person(&numbers)
        traits.passive = traits.passive.map { _ in species == .humanLikePuppet ? 0.85 : Float(0.1 + 0.15 * numbers.uniform()) }
        var person = Performer(traits: traits, identity: numbers.identity(dimension: dimension))
        var camera = Camera.real(&numbers, garbage: 0.02)
        switch species {
        case .printedPhoto:
            person.traits.isPhoto = true
        case .cutOutPhoto:
            person.traits.flatHead = true
        case .faceSwap, .secondPerson:
            person.swap = (at: start.addingTimeInterval(1.5 + 3 * numbers.uniform()), identity: numbers.identity(dimension: dimension),
                           back: species == .secondPerson ? 2.5 : nil)
        case .regularClock:
            camera = Camera(interval: 1.0 / 30, jitter: 0, drop: 0, garbage: 0, reportsQuality: false)
        case .duplicatedFrames:
            camera.duplicatesEveryOther = true
        case .tooFast:
            person.traits.reaction = (0.05, 0.1)
            person.traits.speed = 3
        case .frozenFrames:
            camera.freezes = true
        case .framesOutOfOrder:
            camera.reorders = true
        case .humanLikePuppet:
            break
        case .replayOtherOrder, .replayLuckyOrder:
            // A bona fide session recorded for another challenge, played back into this one.
            let other = try self.challenge(actions: species == .replayLuckyOrder ? challenge.actions : nil)
            let recorded = try run(other, person: &person, camera: &camera).frames
            return try replay(recorded, into: challenge)
        }
        return try run(challenge, person: &person, camera: &camera).assessment
    }

    /// Runs a session as an app does: the person sees each prompt when it is shown and answers.
    private mutating func run(_ challenge: LivenessChallenge, person: inout Performer, camera: inout Camera) throws
        -> (assessment: LivenessAssessment, frames: [FrameObservation]) {
        var session = try LivenessSession(challenge: challenge)
        var frames: [FrameObservation] = []
        var time = start.addingTimeInterval(0.2 + 0.3 * numbers.uniform())
        var finishedAt: Date?
        while time < challenge.expiresAt {
            person.react(to: session.progress, numbers: &numbers)
            for frame in try camera.frames(at: time, of: &person, numbers: &numbers) {
                frames.append(frame)
                try session.append(frame)
            }
            if session.progress.isFinished { finishedAt = finishedAt ?? time }
            if let finishedAt, time.timeIntervalSince(finishedAt) > 0.3 { break }
            time = camera.next(after: time, numbers: &numbers)
        }
        return (session.assess(now: session.lastFrameTime ?? time), frames)
    }

    /// Plays recorded frames into a session of `challenge`, shifted to start as it starts.
    private mutating func replay(_ recorded: [FrameObservation], into challenge: LivenessChallenge) throws -> LivenessAssessment {
        var session = try LivenessSession(challenge: challenge)
        let shift = (start.addingTimeInterval(0.2 + 0.3 * numbers.uniform())).timeIntervalSince(recorded.first?.capturedAt ?? start)
        for var frame in recorded {
            frame.capturedAt = frame.capturedAt.addingTimeInterval(shift)
            try session.append(frame)
        }
        return session.assess(now: session.lastFrameTime ?? start)
    }
}

/// A seeded RandomNumberGenerator over ``SyntheticFaces``.
struct SeededGenerator: RandomNumberGenerator {
    var numbers: SyntheticFaces
    mutating func next() -> UInt64 { numbers.nextUInt64() }
}

/// Who is in front of the camera.
struct Traits {
    var reaction: (median: Double, spread: Double) = (0.55, 0.3)
    var speed = 1.0
    var missesPrompt = 0.05
    var eyesOpen: Float = 0.82
    var yawOffset: Float = 0
    var pitchOffset: Float = 0
    var landmarkNoise: Float = 1
    var quality: ClosedRange<Float> = 0.75...1
    var passive: Float?
    var lowLight = false
    var isPhoto = false
    var flatHead = false

    static func person(_ numbers: inout SyntheticFaces) -> Traits {
        var traits = Traits()
        if numbers.uniform() < 0.25 { traits.reaction = (1.3, 0.35); traits.missesPrompt = 0.1 }
        if numbers.uniform() < 0.25 { traits.eyesOpen = Float(0.38 + 0.12 * numbers.uniform()) } else { traits.eyesOpen = Float(0.72 + 0.18 * numbers.uniform()) }
        if numbers.uniform() < 0.2 {
            traits.lowLight = true
            traits.landmarkNoise = 3
            traits.quality = 0.5...0.85
        }
        traits.yawOffset = Float(-8 + 16 * numbers.uniform())
        traits.pitchOffset = Float(-10 + 20 * numbers.uniform())
        traits.passive = numbers.uniform() < 0.5 ? (traits.lowLight ? 0.65 : 0.85) : nil
        return traits
    }
}

/// The person (or the thing) the camera films: scheduled movements on top of a resting face.
struct Performer {
    var traits: Traits
    let identity: [Float]
    var swap: (at: Date, identity: [Float], back: TimeInterval?)?
    /// A movement: a bump for a blink or a nod; for a pose, a rise, a hold until `returnAt`
    /// (the cue to return plus the person's reaction) and a fall.
    private struct Movement {
        let action: LivenessAction
        let start: Date
        let duration: TimeInterval
        let amplitude: Float
        var returnAt: Date
    }

    private var movements: [Movement] = []
    private var answered: Set<String> = []
    private var nextBlink: Date?
    private var yawDrift: Float = 0
    private var pitchDrift: Float = 0

    init(traits: Traits, identity: [Float]) {
        self.traits = traits
        self.identity = identity
    }

    private func reaction(_ numbers: inout SyntheticFaces) -> TimeInterval {
        max(traits.reaction.median < 0.2 ? 0.03 : 0.25, traits.reaction.median * exp(traits.reaction.spread * Double(numbers.gaussian())))
    }

    /// The person sees the next cue's time and schedules the answer (or misses it).
    mutating func react(to progress: LivenessProgress, numbers: inout SyntheticFaces) {
        guard !traits.isPhoto else { return }
        let (action, shownAt): (LivenessAction, Date)
        switch progress.step {
        case .waiting(let next, let at): (action, shownAt) = (next, at)
        case .prompt(let next, _, let at, _): (action, shownAt) = (next, at)
        case .hold(let held, let returnAt):
            // Told to hold: the person lets go once the cue to return comes, after reacting to it.
            guard answered.insert("return@\(returnAt.timeIntervalSince1970)").inserted,
                  let index = movements.lastIndex(where: { $0.action == held }), movements[index].duration == 0 else { return }
            // One who let go early (returnAt set at the start) does not come back to it.
            if movements[index].returnAt.timeIntervalSince(movements[index].start) > 1.5 { movements[index].returnAt = returnAt.addingTimeInterval(reaction(&numbers)) }
            return
        default: return
        }
        let key = "\(action.rawValue)@\(shownAt.timeIntervalSince1970)"
        guard answered.insert(key).inserted else { return }
        guard numbers.uniform() >= traits.missesPrompt else { return }
        let start = shownAt.addingTimeInterval(reaction(&numbers))
        let durations: [LivenessAction: TimeInterval] = [.blink: 0.25, .nod: 1.0]
        let amplitude: Float = switch action {
        case .blink: 1
        case .turnLeft, .turnRight: Float(26 + 14 * numbers.uniform())
        case .nod: Float(16 + 10 * numbers.uniform())
        case .openMouth: Float(0.6 + 0.3 * numbers.uniform())
        case .smile: Float(0.7 + 0.25 * numbers.uniform())
        }
        // A pose is held until the cue (a person who gets none, or lets go early, returns on their own).
        let rise = 0.35 / traits.speed
        let ownReturn = numbers.uniform() < 0.05 ? 0.2 + 0.4 * numbers.uniform() : 3.0
        movements.append(Movement(action: action, start: start, duration: action.isHeld ? 0 : (durations[action] ?? 1) / traits.speed, amplitude: amplitude,
                                  returnAt: start.addingTimeInterval(rise + ownReturn)))
    }

    /// How far into the movement the face is at `time`: 0 at rest, 1 at the full pose.
    private func shape(of movement: Movement, at time: Date) -> Float {
        let elapsed = time.timeIntervalSince(movement.start)
        guard elapsed >= 0 else { return 0 }
        guard movement.duration == 0 else {
            return elapsed <= movement.duration ? Float(sin(Double.pi * elapsed / movement.duration)) : 0
        }
        let rise = 0.35 / traits.speed
        let fall = 0.3 / traits.speed
        let sinceReturn = time.timeIntervalSince(movement.returnAt)
        if sinceReturn >= fall { return 0 }
        if sinceReturn >= 0 { return Float(1 - sinceReturn / fall) }
        return Float(min(1, elapsed / rise))
    }

    /// What the face looks like at `time`: landmarks, identity and passive scores.
    mutating func observe(at time: Date, numbers: inout SyntheticFaces, quality: Float?) throws -> FrameObservation {
        let noise = traits.landmarkNoise
        if !traits.isPhoto {
            yawDrift = 0.97 * yawDrift + 0.25 * numbers.gaussian()
            pitchDrift = 0.97 * pitchDrift + 0.25 * numbers.gaussian()
        }
        var eyes = traits.isPhoto ? 0.8 : traits.eyesOpen
        var yaw = traits.yawOffset + yawDrift + (traits.isPhoto ? 0.6 : 0.3 * noise) * numbers.gaussian()
        var pitch = traits.pitchOffset + pitchDrift + (traits.isPhoto ? 0.6 : 0.3 * noise) * numbers.gaussian()
        var mouth: Float = 0.05
        var smile: Float = 0.1
        if !traits.isPhoto {
            // Spontaneous blinks, about one every 3.5 s.
            let blinkAt = nextBlink ?? time.addingTimeInterval(-3.5 * log(numbers.uniform()))
            nextBlink = blinkAt
            let sinceBlink = time.timeIntervalSince(blinkAt)
            if sinceBlink >= 0 {
                if sinceBlink < 0.2 { eyes *= Float(0.15 + 0.85 * abs(cos(Double.pi * sinceBlink / 0.2))) } else { nextBlink = nil }
            }
            for movement in movements {
                let shape = shape(of: movement, at: time)
                guard shape > 0 else { continue }
                let head: Float = traits.flatHead ? 0.35 : 1
                switch movement.action {
                case .blink: eyes = traits.eyesOpen * (1 - 0.9 * shape)
                case .turnLeft: yaw += head * movement.amplitude * shape
                case .turnRight: yaw -= head * movement.amplitude * shape
                case .nod: pitch -= head * movement.amplitude * shape
                case .openMouth: mouth = max(mouth, movement.amplitude * shape)
                case .smile: smile = max(smile, (traits.flatHead ? 0.75 : 1) * movement.amplitude * shape)
                }
            }
        }
        var face = identity
        if let swap, time >= swap.at, swap.back.map({ time < swap.at.addingTimeInterval($0) }) ?? true { face = swap.identity }
        let passive = traits.passive.map { ["texture": min(1, max(0, $0 + 0.08 * numbers.gaussian()))] } ?? [:]
        return FrameObservation(
            capturedAt: time, eyeOpenness: min(1, max(0, eyes + 0.02 * noise * numbers.gaussian())),
            mouthOpenness: min(1, max(0, mouth + 0.02 * noise * numbers.gaussian())), smile: min(1, max(0, smile + 0.03 * noise * numbers.gaussian())),
            yaw: max(-90, min(90, yaw)), pitch: max(-90, min(90, pitch)),
            faceBox: .init(x: 0.35, y: 0.3, width: 0.3 + 0.004 * noise * numbers.gaussian(), height: 0.4),
            embedding: try numbers.capture(of: face, noise: traits.isPhoto ? 0.3 : 0.6 * (traits.lowLight ? 1.4 : 1)), antiSpoofingScores: passive,
            quality: quality)
    }
}

/// The camera, or what injects frames in its place.
struct Camera {
    var interval: TimeInterval
    var jitter: TimeInterval
    var drop: Double
    var garbage: Double
    var reportsQuality: Bool
    var duplicatesEveryOther = false
    var freezes = false
    var reorders = false
    private var frameCount = 0
    private var frozen: FrameObservation?
    private var held: FrameObservation?

    init(interval: TimeInterval, jitter: TimeInterval, drop: Double, garbage: Double, reportsQuality: Bool) {
        self.interval = interval
        self.jitter = jitter
        self.drop = drop
        self.garbage = garbage
        self.reportsQuality = reportsQuality
    }

    /// A phone or desk camera: 15 to 30 frames a second, jitter, dropped frames, some garbage.
    static func real(_ numbers: inout SyntheticFaces, garbage: Double) -> Camera {
        Camera(interval: 1 / (15 + 15 * numbers.uniform()), jitter: 0.002 + 0.004 * numbers.uniform(), drop: 0.03, garbage: garbage,
               reportsQuality: numbers.uniform() < 0.5)
    }

    func next(after time: Date, numbers: inout SyntheticFaces) -> Date {
        var step = interval
        while numbers.uniform() < drop { step += interval }
        return time.addingTimeInterval(max(0.001, step + jitter * Double(numbers.gaussian())))
    }

    /// The frames delivered at `time` (none, one, or a held-back one and this one).
    mutating func frames(at time: Date, of performer: inout Performer, numbers: inout SyntheticFaces) throws -> [FrameObservation] {
        frameCount += 1
        let quality = reportsQuality ? Float(performer.traits.quality.lowerBound + (performer.traits.quality.upperBound - performer.traits.quality.lowerBound) * Float(numbers.uniform())) : nil
        var frame = try performer.observe(at: time, numbers: &numbers, quality: quality)
        if numbers.uniform() < garbage {
            // Motion blur or a hand across the lens: the model's output is noise.
            frame = FrameObservation(capturedAt: time, eyeOpenness: Float(numbers.uniform()), mouthOpenness: Float(numbers.uniform()), smile: Float(numbers.uniform()),
                                     yaw: Float(-60 + 120 * numbers.uniform()), pitch: Float(-40 + 80 * numbers.uniform()), faceBox: frame.faceBox,
                                     embedding: try FaceEmbedding(numbers.identity(dimension: frame.embedding.dimension)), quality: reportsQuality ? 0.1 : nil)
        }
        if duplicatesEveryOther, frameCount.isMultiple(of: 2), let previous = held {
            var repeated = previous
            repeated.capturedAt = time
            return [repeated]
        }
        held = frame
        if freezes {
            // Every 40 frames the injected stream freezes on one image for ten frames.
            if frameCount % 40 == 0 { frozen = frame }
            if let still = frozen, frameCount % 40 < 10 {
                var repeated = still
                repeated.capturedAt = time
                return [repeated]
            }
        }
        if reorders, frameCount % 15 == 0 {
            // Two frames delivered in the wrong order.
            let late = frame
            frame = try performer.observe(at: time.addingTimeInterval(interval / 2), numbers: &numbers, quality: quality)
            return [frame, late]
        }
        return [frame]
    }
}
