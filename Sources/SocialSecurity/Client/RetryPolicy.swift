import Foundation

/// When and how long a ``ProvincialConnector`` waits before trying a call again.
///
/// Only safe retries happen: after a transport failure or a retryable catalogue code
/// (`request-in-progress`, `rate-limited`, `bureau-unavailable`, `internal-error`), and always
/// with the same idempotency key and body, so a state-changing call still takes effect once.
/// Delays grow exponentially with full jitter (a uniform draw between zero and the capped
/// exponential step, as AWS's architecture guidance recommends), and never undercut a bureau's
/// `Retry-After`.
public struct RetryPolicy: Sendable {
    /// Attempts in all, the first included.
    public var maximumAttempts: Int
    /// The first retry's delay cap, in seconds; it doubles with each attempt.
    public var baseDelay: TimeInterval
    /// The largest delay cap, in seconds.
    public var maximumDelay: TimeInterval

    /// Creates a policy; at least one attempt is always made.
    public init(maximumAttempts: Int = 4, baseDelay: TimeInterval = 0.2, maximumDelay: TimeInterval = 5) {
        self.maximumAttempts = max(1, maximumAttempts)
        self.baseDelay = baseDelay
        self.maximumDelay = maximumDelay
    }

    /// No retries.
    public static let never = RetryPolicy(maximumAttempts: 1)

    /// The wait before attempt `attempt + 1` (attempt counts from 1), given a uniform draw in
    /// 0..<1 and an optional `Retry-After`.
    func delay(after attempt: Int, draw: Double, retryAfter: TimeInterval?) -> TimeInterval {
        let step = min(maximumDelay, baseDelay * pow(2, Double(attempt - 1)))
        return max(retryAfter ?? 0, step * draw)
    }
}

/// Stops calling a bureau that keeps failing, so a province's outage does not hold every
/// partner thread in retries: after `failureThreshold` consecutive failures the circuit opens
/// for `openDuration`; then one trial call is let through, and its outcome closes or reopens it.
public actor CircuitBreaker {
    private enum State {
        case closed(failures: Int)
        case open(until: Date)
        case halfOpen
    }

    private var states: [String: State] = [:]
    private let failureThreshold: Int
    private let openDuration: TimeInterval
    private let clock: @Sendable () -> Date

    /// Creates a breaker opening after `failureThreshold` consecutive failures for `openDuration` seconds.
    public init(failureThreshold: Int = 5, openDuration: TimeInterval = 30, clock: @escaping @Sendable () -> Date = Date.init) {
        self.failureThreshold = max(1, failureThreshold)
        self.openDuration = openDuration
        self.clock = clock
    }

    /// Throws `bureau-unavailable` while the bureau's circuit is open.
    func admit(_ bureau: String) throws {
        switch states[bureau] ?? .closed(failures: 0) {
        case .closed, .halfOpen:
            return
        case .open(let until):
            guard clock() >= until else {
                throw ConnectorError(.bureauUnavailable, "Calls to bureau \(bureau) are paused after repeated failures; they resume at \(until).")
            }
            states[bureau] = .halfOpen
        }
    }

    func recordSuccess(_ bureau: String) {
        states[bureau] = .closed(failures: 0)
    }

    func recordFailure(_ bureau: String) {
        switch states[bureau] ?? .closed(failures: 0) {
        case .closed(let failures) where failures + 1 < failureThreshold:
            states[bureau] = .closed(failures: failures + 1)
        default:
            states[bureau] = .open(until: clock().addingTimeInterval(openDuration))
        }
    }
}
