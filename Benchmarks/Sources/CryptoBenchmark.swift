import Foundation
import IDCore

/// Sign and verify rates through IDCore beside `openssl speed` on the same machine in the same
/// run. `openssl speed` signs a prepared digest with a prepared context, so the ratio shows what
/// the SDK's per-call work (hashing the message, a fresh context, encoding) costs.
enum CryptoBenchmark {
    /// Measures each algorithm in `rounds` interleaved rounds (SDK, then `openssl speed`) and
    /// keeps the best rate of each: on a shared machine the best is the least disturbed.
    static func run(_ algorithms: [SignatureAlgorithm], seconds: Double, rounds: Int) throws {
        let message = Data(repeating: 0x5a, count: 64)
        print("Signature throughput, one thread, best of \(rounds) interleaved rounds of \(seconds) s; message \(message.count) bytes\n")
        var table = ResultTable(columns: ["algorithm", "SDK sign/s", "openssl sign/s", "sign ratio", "SDK verify/s", "openssl verify/s", "verify ratio"])
        for algorithm in algorithms {
            let key = try SigningKey(generating: algorithm)
            let signature = try key.signature(for: message)
            var sdk = OpenSSLSpeed.Rates(signsPerSecond: 0, verifiesPerSecond: 0)
            var reference = sdk
            for _ in 0..<rounds {
                let signs = try Throughput.measure(seconds: seconds) { _ = try key.signature(for: message) }
                let verifies = Throughput.measure(seconds: seconds) { precondition(key.publicKey.isValidSignature(signature, for: message)) }
                sdk = sdk.best(with: .init(signsPerSecond: signs, verifiesPerSecond: verifies))
                if let measured = try OpenSSLSpeed.measure([algorithm], seconds: max(1, Int(seconds.rounded())))[algorithm] {
                    reference = reference.best(with: measured)
                }
            }
            table.add([
                algorithm.joseName,
                sdk.signsPerSecond.formatted(decimals: 0), reference.signsPerSecond.formatted(decimals: 0),
                (sdk.signsPerSecond / reference.signsPerSecond).formatted(decimals: 2),
                sdk.verifiesPerSecond.formatted(decimals: 0), reference.verifiesPerSecond.formatted(decimals: 0),
                (sdk.verifiesPerSecond / reference.verifiesPerSecond).formatted(decimals: 2),
            ])
        }
        print(table.render())
        print("\nratio = SDK rate / openssl speed rate (1.00 = parity; target at least 0.90)")
    }
}
