import Foundation

/// When and how long a ``ProvincialConnector`` waits before trying a call again.
///
/// Only safe retries happen: after a transport failure or a retryable catalogue code
/// (`request-in-progress`, `rate-limited`, `bureau-unavailable`, `internal-error`), and always
/// with the same message id and envelope, so a state-changing call still takes effect once.
/// Delays grow exponentially with full jitter (a uniform draw between zero and the capped
/// exponential step, as AWS's architecture guidance recommends), and never undercut a platform's
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
