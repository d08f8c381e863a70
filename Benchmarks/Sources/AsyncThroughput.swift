import Foundation

extension Throughput {
    /// Operations per second of an async operation, measured like the synchronous form.
    static func measure(seconds: Double, _ operation: () async throws -> Void) async rethrows -> Double {
        for _ in 0..<20 { try await operation() }
        let clock = ContinuousClock()
        let budget = Duration.milliseconds(Int64(seconds * 1000))
        let start = clock.now
        var operations = 0
        while clock.now - start < budget {
            for _ in 0..<16 { try await operation() }
            operations += 16
        }
        let elapsed = clock.now - start
        return Double(operations) / (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
    }
}
