import Foundation
import IDCore

/// A deterministic random source (SplitMix64) so that credential tests repeat exactly. Never
/// for production: salts must come from `SecureRandom`.
final class SeededRandom: RandomByteSource, @unchecked Sendable {
    private let lock = NSLock()
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    func bytes(count: Int) throws -> Data {
        lock.withLock {
            var output = Data()
            while output.count < count {
                state &+= 0x9E37_79B9_7F4A_7C15
                var mixed = state
                mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
                mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
                mixed ^= mixed >> 31
                withUnsafeBytes(of: mixed) { output.append(contentsOf: $0) }
            }
            return output.prefix(count)
        }
    }
}

/// A clock the test moves by hand.
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date

    init(_ start: Date = Date(timeIntervalSince1970: 1_795_600_000)) {
        current = start
    }

    var now: Date { lock.withLock { current } }

    func advance(_ seconds: TimeInterval) {
        lock.withLock { current = current.addingTimeInterval(seconds) }
    }

    var closure: @Sendable () -> Date { { [self] in now } }
}
