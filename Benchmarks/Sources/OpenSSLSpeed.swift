import Foundation
import IDCore

/// Runs `openssl speed` in this process's run and reads its sign/verify rates per algorithm,
/// so the SDK is compared with OpenSSL under the same machine load.
enum OpenSSLSpeed {
    struct Rates {
        let signsPerSecond: Double
        let verifiesPerSecond: Double

        func best(with other: Rates) -> Rates {
            Rates(signsPerSecond: max(signsPerSecond, other.signsPerSecond),
                  verifiesPerSecond: max(verifiesPerSecond, other.verifiesPerSecond))
        }
    }

    private static let speedNames: [SignatureAlgorithm: (argument: String, label: String)] = [
        .es256: ("ecdsap256", "(nistp256)"),
        .es384: ("ecdsap384", "(nistp384)"),
        .edDSA: ("ed25519", "(Ed25519)"),
        .sm2: ("sm2", "(CurveSM2)"),
    ]

    static func measure(_ algorithms: [SignatureAlgorithm], seconds: Int) throws -> [SignatureAlgorithm: Rates] {
        let text = try Subprocess.run(["openssl", "speed", "-seconds", String(seconds)] + algorithms.compactMap { speedNames[$0]?.argument })
        var rates: [SignatureAlgorithm: Rates] = [:]
        for line in text.split(separator: "\n") {
            guard let algorithm = algorithms.first(where: { line.contains(speedNames[$0]?.label ?? "?") }) else { continue }
            let numbers = line.split(separator: " ").compactMap { Double($0) }
            guard numbers.count >= 2 else { continue }
            rates[algorithm] = Rates(signsPerSecond: numbers[numbers.count - 2], verifiesPerSecond: numbers[numbers.count - 1])
        }
        return rates
    }
}
