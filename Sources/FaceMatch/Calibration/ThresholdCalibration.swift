/// Decision thresholds from labelled comparison scores: genuine pairs (same person) and
/// impostor pairs (different people), as ISO/IEC 19795-1 evaluates a biometric system.
///
/// A comparison is a match when its score is at least the threshold. The false-match rate at a
/// threshold is the share of impostor scores at or above it; the false non-match rate the share
/// of genuine scores below it.
///
/// ```swift
/// let calibration = try ThresholdCalibration(genuineScores: genuine, impostorScores: impostors)
/// let point = try calibration.operatingPoint(forFalseMatchRate: 1e-4)
/// let profile = try calibration.profile(modelID: "arcface-r100-v1", falseMatchRate: 1e-4)
/// ```
public struct ThresholdCalibration: Sendable {
    /// One point of the ROC / DET curve.
    public struct OperatingPoint: Sendable, Hashable, Codable {
        /// The decision threshold; scores at or above it match.
        public let threshold: Float
        /// The share of impostor scores at or above the threshold.
        public let falseMatchRate: Double
        /// The share of genuine scores below the threshold.
        public let falseNonMatchRate: Double
    }

    /// How many impostor comparisons a false-match rate needs before it can be claimed: with
    /// no errors observed among 3/p comparisons, the true rate is below p with 95 % confidence
    /// (the "rule of three", ISO/IEC 19795-1 annex B).
    public static func requiredImpostorScores(forFalseMatchRate rate: Double) -> Int {
        Int((3 / rate).rounded(.up))
    }

    private let genuine: [Float]
    private let impostors: [Float]

    /// Creates a calibration from scored genuine and impostor pairs; both must be non-empty and finite.
    public init(genuineScores: [Float], impostorScores: [Float]) throws {
        guard !genuineScores.isEmpty, !impostorScores.isEmpty else {
            throw FaceMatchError(.insufficientData, "Calibration needs both genuine and impostor scores.")
        }
        guard genuineScores.allSatisfy(\.isFinite), impostorScores.allSatisfy(\.isFinite) else {
            throw FaceMatchError(.invalidParameter, "Calibration scores must be finite numbers.")
        }
        genuine = genuineScores.sorted()
        impostors = impostorScores.sorted()
    }

    /// The number of genuine comparisons.
    public var genuineCount: Int { genuine.count }
    /// The number of impostor comparisons.
    public var impostorCount: Int { impostors.count }

    /// The rates at `threshold`.
    public func operatingPoint(at threshold: Float) -> OperatingPoint {
        OperatingPoint(
            threshold: threshold,
            falseMatchRate: Double(impostors.count - Self.firstIndex(in: impostors, notBelow: threshold)) / Double(impostors.count),
            falseNonMatchRate: Double(Self.firstIndex(in: genuine, notBelow: threshold)) / Double(genuine.count)
        )
    }

    /// The lowest threshold whose false-match rate on these impostors is at most `rate`, and
    /// its false non-match rate. Refused when there are fewer impostor scores than
    /// ``requiredImpostorScores(forFalseMatchRate:)``: the rate could not be supported.
    public func operatingPoint(forFalseMatchRate rate: Double) throws -> OperatingPoint {
        guard rate > 0, rate < 1 else {
            throw FaceMatchError(.invalidParameter, "A false-match rate is between 0 and 1, not \(rate).")
        }
        let required = Self.requiredImpostorScores(forFalseMatchRate: rate)
        guard impostors.count >= required else {
            throw FaceMatchError(.insufficientData, "A false-match rate of \(rate) needs at least \(required) impostor scores (rule of three); there are \(impostors.count).")
        }
        let allowed = Int((rate * Double(impostors.count)).rounded(.down))
        // Everything strictly above the (allowed+1)-th highest impostor score admits at most
        // `allowed` false matches.
        let threshold = impostors[impostors.count - 1 - allowed].nextUp
        return operatingPoint(at: threshold)
    }

    /// The equal error rate: where the false-match and false non-match rates cross, found on a
    /// curve of 4096 thresholds.
    public var equalErrorRate: OperatingPoint {
        var best = operatingPoint(at: impostors[0])
        for point in curve(resolution: 4096) where abs(point.falseMatchRate - point.falseNonMatchRate) < abs(best.falseMatchRate - best.falseNonMatchRate) {
            best = point
        }
        return best
    }

    /// The ROC / DET curve at up to `resolution` thresholds spread over the impostor and
    /// genuine scores, in increasing threshold order.
    public func curve(resolution: Int = 512) -> [OperatingPoint] {
        let all = (genuine + impostors).sorted()
        let step = max(1, all.count / max(1, resolution))
        return Swift.stride(from: 0, to: all.count, by: step).map { operatingPoint(at: all[$0]) }
    }

    /// The calibration as a per-model profile that a ``FaceVerifier`` loads.
    public func profile(modelID: String, falseMatchRate rate: Double) throws -> CalibrationProfile {
        let point = try operatingPoint(forFalseMatchRate: rate)
        return try CalibrationProfile(
            modelID: modelID, threshold: point.threshold, falseMatchRate: rate, measuredFalseNonMatchRate: point.falseNonMatchRate,
            impostorComparisons: impostors.count, genuineComparisons: genuine.count
        )
    }

    /// The index of the first element not below `value` in a sorted array.
    private static func firstIndex(in sorted: [Float], notBelow value: Float) -> Int {
        var low = 0
        var high = sorted.count
        while low < high {
            let middle = (low + high) / 2
            if sorted[middle] < value { low = middle + 1 } else { high = middle }
        }
        return low
    }
}

/// A face model's calibrated decision threshold, serialisable as JSON so that a deployment
/// loads the threshold its own data supports.
public struct CalibrationProfile: Sendable, Hashable, Codable {
    /// The face model the threshold belongs to.
    public let modelID: String
    /// Scores at or above it are matches.
    public let threshold: Float
    /// The false-match rate the threshold was chosen for.
    public let falseMatchRate: Double
    /// The false non-match rate measured at the threshold on the calibration set.
    public let measuredFalseNonMatchRate: Double
    /// How many impostor comparisons the calibration used.
    public let impostorComparisons: Int
    /// How many genuine comparisons the calibration used.
    public let genuineComparisons: Int

    /// Creates a profile; throws when the model identifier is invalid or a value is out of range.
    public init(
        modelID: String, threshold: Float, falseMatchRate: Double, measuredFalseNonMatchRate: Double,
        impostorComparisons: Int, genuineComparisons: Int
    ) throws {
        try FaceTemplate.checkModelID(modelID)
        guard threshold.isFinite, (-1...1).contains(threshold), falseMatchRate > 0, falseMatchRate < 1,
              (0...1).contains(measuredFalseNonMatchRate), impostorComparisons > 0, genuineComparisons > 0
        else {
            throw FaceMatchError(.invalidParameter, "A calibration profile needs a threshold in -1...1, rates in (0, 1) and positive counts.")
        }
        self.modelID = modelID
        self.threshold = threshold
        self.falseMatchRate = falseMatchRate
        self.measuredFalseNonMatchRate = measuredFalseNonMatchRate
        self.impostorComparisons = impostorComparisons
        self.genuineComparisons = genuineComparisons
    }

    private enum CodingKeys: String, CodingKey {
        case modelID = "model_id", threshold, falseMatchRate = "false_match_rate"
        case measuredFalseNonMatchRate = "measured_false_non_match_rate"
        case impostorComparisons = "impostor_comparisons", genuineComparisons = "genuine_comparisons"
    }

    /// Decodes and validates a profile.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(
            modelID: container.decode(String.self, forKey: .modelID), threshold: container.decode(Float.self, forKey: .threshold),
            falseMatchRate: container.decode(Double.self, forKey: .falseMatchRate),
            measuredFalseNonMatchRate: container.decode(Double.self, forKey: .measuredFalseNonMatchRate),
            impostorComparisons: container.decode(Int.self, forKey: .impostorComparisons),
            genuineComparisons: container.decode(Int.self, forKey: .genuineComparisons)
        )
    }
}
