import Foundation
import Synchronization

/// Stops calling a platform that keeps failing, so a province's outage does not hold every
/// cashier in retries: after `failureThreshold` consecutive failures the circuit opens for
/// `openDuration`; then one trial call is let through, and its outcome closes or reopens it.
///
/// Shared by the connectors of a process. Its state sits behind a lock rather than in an
/// actor: every message passes it twice, and a lock held for a lookup costs less than two
/// round trips to an actor's executor.
public final class CircuitBreaker: Sendable {
    private enum State {
        case closed(failures: Int)
        case open(until: Date)
        case halfOpen
    }

    private let states = Mutex<[String: State]>([:])
    private let failureThreshold: Int
    private let openDuration: TimeInterval
    private let clock: @Sendable () -> Date

    /// Creates a breaker opening after `failureThreshold` consecutive failures for `openDuration` seconds.
    public init(failureThreshold: Int = 5, openDuration: TimeInterval = 30, clock: @escaping @Sendable () -> Date = Date.init) {
        self.failureThreshold = max(1, failureThreshold)
        self.openDuration = openDuration
        self.clock = clock
    }

    /// Throws `bureau-unavailable` while the platform's circuit is open.
    func admit(_ platform: String) throws {
        try states.withLock { states in
            switch states[platform] ?? .closed(failures: 0) {
            case .closed, .halfOpen:
                return
            case .open(let until):
                guard clock() >= until else {
                    throw ConnectorError(.bureauUnavailable, "Calls to platform \(platform) are paused after repeated failures; they resume at \(until).")
                }
                states[platform] = .halfOpen
            }
        }
    }

    func recordSuccess(_ platform: String) {
        states.withLock { states in
            // The common case, a closed circuit without failures, is left as it is.
            if case .closed(failures: 0)? = states[platform] { return }
            states[platform] = .closed(failures: 0)
        }
    }

    func recordFailure(_ platform: String) {
        states.withLock { states in
            switch states[platform] ?? .closed(failures: 0) {
            case .closed(let failures) where failures + 1 < failureThreshold:
                states[platform] = .closed(failures: failures + 1)
            default:
                states[platform] = .open(until: clock().addingTimeInterval(openDuration))
            }
        }
    }
}
