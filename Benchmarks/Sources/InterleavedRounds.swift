import Foundation

/// Two measurements taken in alternating rounds on the same thread, so that a change in the
/// machine's load touches both alike, summarised by the median ratio and its spread.
struct InterleavedRounds {
    /// Operations per second of the SDK and of the reference, one pair per round.
    private(set) var pairs: [(sdk: Double, reference: Double)] = []

    /// Runs `rounds` rounds of `seconds` each of the SDK, then of the reference.
    static func measure(rounds: Int, seconds: Double, sdk: () async throws -> Void, reference: () throws -> Void) async rethrows -> InterleavedRounds {
        var result = InterleavedRounds()
        for _ in 0..<max(1, rounds) {
            let sdkRate = try await Throughput.measure(seconds: seconds, sdk)
            let referenceRate = try Throughput.measure(seconds: seconds, reference)
            result.pairs.append((sdkRate, referenceRate))
        }
        return result
    }

    /// Per round: the time of the SDK's operation over the reference's.
    var costRatios: [Double] { pairs.map { $0.reference / $0.sdk }.sorted() }

    var medianCostRatio: Double { Self.median(costRatios) }
    var medianSDKRate: Double { Self.median(pairs.map(\.sdk).sorted()) }
    var medianReferenceRate: Double { Self.median(pairs.map(\.reference).sorted()) }

    /// `1.21–1.26`: the lowest and highest ratio of the rounds.
    var spread: String { "\(costRatios.first?.formatted(decimals: 2) ?? "-")–\(costRatios.last?.formatted(decimals: 2) ?? "-")" }

    /// `12.3 (11.9–12.8)`: the median of `rates` and its fastest and slowest, divided by
    /// `unit` (1e6 for millions) and rounded to `decimals`.
    static func spread(_ rates: [Double], unit: Double = 1, decimals: Int = 0) -> String {
        let sorted = rates.sorted()
        let figure = { (value: Double) in (value / unit).formatted(decimals: decimals) }
        return "\(figure(median(sorted))) (\(figure(sorted.first ?? 0))–\(figure(sorted.last ?? 0)))"
    }

    static func median(_ sorted: [Double]) -> Double {
        guard !sorted.isEmpty else { return .nan }
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }
}

/// The machine's load average over 1, 5 and 15 minutes, from `/proc/loadavg`: printed with every
/// run, as a figure measured on a busy machine means less.
func loadAverage() -> String {
    guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) else { return "unknown" }
    return text.split(separator: " ").prefix(3).joined(separator: " ")
}
