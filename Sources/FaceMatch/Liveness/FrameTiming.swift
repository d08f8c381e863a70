import Foundation

/// The camera's clock as the frames show it, kept as running sums so that each frame costs the
/// same however long the session: intervals (their mean and spread), the longest pause, frames
/// that repeat their predecessor exactly, and the first frame that is not later than the one
/// before it.
struct FrameTiming: Sendable {
    private(set) var count = 0
    private(set) var first: Date?
    private(set) var last: Date?
    private(set) var longestGap: TimeInterval = 0
    private(set) var repeatedFrames = 0
    private(set) var firstNonIncreasing: Int?
    private var intervals = 0
    private var meanInterval = 0.0
    private var squaredDeviations = 0.0

    /// Takes the next frame's time; `repeatsPrevious` when its content equals the previous frame's.
    mutating func add(_ time: Date, repeatsPrevious: Bool) {
        defer { count += 1 }
        if repeatsPrevious { repeatedFrames += 1 }
        guard let previous = last else {
            first = time
            last = time
            return
        }
        let interval = time.timeIntervalSince(previous)
        guard interval > 0 else {
            if firstNonIncreasing == nil { firstNonIncreasing = count }
            return
        }
        last = time
        longestGap = max(longestGap, interval)
        // Welford's update: the spread without keeping the intervals.
        intervals += 1
        let delta = interval - meanInterval
        meanInterval += delta / Double(intervals)
        squaredDeviations += delta * (interval - meanInterval)
    }

    /// Frames a second over the capture, nil before three frames.
    var framesPerSecond: Double? {
        guard count >= 3, let first, let last, last > first else { return nil }
        return Double(count - 1) / last.timeIntervalSince(first)
    }

    /// The intervals' coefficient of variation, nil before 30 intervals.
    var intervalVariation: Double? {
        guard intervals >= 30, meanInterval > 0 else { return nil }
        return (squaredDeviations / Double(intervals - 1)).squareRoot() / meanInterval
    }
}
