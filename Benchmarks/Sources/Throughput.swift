import Foundation

/// Operations per second of a closure, measured on the calling thread for about `seconds`.
///
/// The loop runs in batches so that reading the clock costs nothing next to the work, and a
/// short warm-up comes first so that lazily fetched OpenSSL algorithms and caches are ready.
enum Throughput {
    static func measure(seconds: Double, _ operation: () throws -> Void) rethrows -> Double {
        for _ in 0..<20 { try operation() }
        let clock = ContinuousClock()
        let budget = Duration.milliseconds(Int64(seconds * 1000))
        let start = clock.now
        var operations = 0
        var batch = 16
        while clock.now - start < budget {
            for _ in 0..<batch { try operation() }
            operations += batch
            batch = min(batch * 2, 4096)
        }
        let elapsed = clock.now - start
        return Double(operations) / (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
    }
}

/// A table printed as aligned plain text: the benchmark's output is read by people and pasted
/// into Documentation/Performance.md.
struct ResultTable {
    let columns: [String]
    private(set) var rows: [[String]] = []

    mutating func add(_ row: [String]) { rows.append(row) }

    func render() -> String {
        let widths = columns.indices.map { column in ([columns] + rows).map { $0[column].count }.max() ?? 0 }
        let line = { (cells: [String]) in
            zip(cells, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: "  ")
        }
        return ([line(columns), line(widths.map { String(repeating: "-", count: $0) })] + rows.map(line)).joined(separator: "\n")
    }
}

extension Double {
    /// A figure rounded for a table: whole numbers for rates, two decimals for ratios.
    func formatted(decimals: Int) -> String { String(format: "%.\(decimals)f", self) }
}
