import Foundation

/// Whether the face stays as still as a photograph: no blink, no turn, no nod, no change of
/// distance over at least two seconds of good frames. A live face always moves a little.
struct StillnessTracker: Sendable {
    private var first: Date?
    private var last: Date?
    private var count = 0
    private var eyes: ClosedRange<Float>?
    private var yaws: ClosedRange<Float>?
    private var pitches: ClosedRange<Float>?
    private var widths: ClosedRange<Float>?

    mutating func observe(_ frame: FrameObservation, at time: Date) {
        first = first ?? time
        last = time
        count += 1
        eyes = Self.widen(eyes, frame.eyeOpenness)
        yaws = Self.widen(yaws, frame.yaw)
        pitches = Self.widen(pitches, frame.pitch)
        widths = Self.widen(widths, frame.faceBox.width)
    }

    var isStill: Bool {
        guard count >= 10, let first, let last, last.timeIntervalSince(first) >= 2 else { return false }
        func span(_ range: ClosedRange<Float>?) -> Float { range.map { $0.upperBound - $0.lowerBound } ?? 0 }
        return span(eyes) < 0.03 && span(yaws) < 1 && span(pitches) < 1 && span(widths) < 0.005
    }

    private static func widen(_ range: ClosedRange<Float>?, _ value: Float) -> ClosedRange<Float> {
        guard let range else { return value...value }
        return min(range.lowerBound, value)...max(range.upperBound, value)
    }
}
