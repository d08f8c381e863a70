import Foundation

/// Where a bureau keeps the outcome of each state-changing request by (partner, idempotency
/// key), so a repeated request gets the stored answer and is never processed twice.
public protocol IdempotencyStore: Sendable {
    /// Claims the key for a new request with body digest `digest`, or says why not.
    func begin(partner: String, key: String, digest: String) async -> IdempotencyClaim
    /// Stores the response of a claimed key; later claims replay it.
    func complete(partner: String, key: String, response: StoredResponse) async
    /// Releases a claim whose processing failed before any effect, so a retry may run.
    func abandon(partner: String, key: String) async
}

/// The answer to a claim.
public enum IdempotencyClaim: Sendable, Hashable {
    /// The key is new: process the request.
    case granted
    /// The same key and body were answered before: send this again.
    case replay(StoredResponse)
    /// The key was used with a different body.
    case conflict
    /// The key's first request is still running.
    case inProgress
}

/// A response as the bureau sent it, kept to be sent again.
public struct StoredResponse: Sendable, Hashable {
    /// The HTTP status sent.
    public let status: Int
    /// The body sent, byte for byte.
    public let body: Data

    /// Creates a stored response.
    public init(status: Int, body: Data) {
        self.status = status
        self.body = body
    }
}

/// An in-memory ``IdempotencyStore``, safe under concurrent requests; entries are kept for
/// `retention` (the protocol asks for at least 24 hours).
public actor InMemoryIdempotencyStore: IdempotencyStore {
    private enum Entry {
        case running(digest: String)
        case done(digest: String, response: StoredResponse, at: Date)
    }

    private var entries: [String: Entry] = [:]
    private let retention: TimeInterval
    private let clock: @Sendable () -> Date

    /// Creates a store keeping answers for `retention` seconds, 24 hours by default.
    public init(retention: TimeInterval = 24 * 3600, clock: @escaping @Sendable () -> Date = Date.init) {
        self.retention = retention
        self.clock = clock
    }

    /// Claims `key` for a request whose body has `digest`: granted, a stored replay, a conflict, or in progress.
    public func begin(partner: String, key: String, digest: String) -> IdempotencyClaim {
        let slot = "\(partner)\u{0}\(key)"
        switch entries[slot] {
        case nil:
            entries[slot] = .running(digest: digest)
            return .granted
        case .running(let stored):
            return stored == digest ? .inProgress : .conflict
        case .done(let stored, let response, let at):
            if clock().timeIntervalSince(at) > retention {
                entries[slot] = .running(digest: digest)
                return .granted
            }
            return stored == digest ? .replay(response) : .conflict
        }
    }

    /// Stores the answer to the claimed key, to be replayed to retries.
    public func complete(partner: String, key: String, response: StoredResponse) {
        let slot = "\(partner)\u{0}\(key)"
        guard case .running(let digest) = entries[slot] else { return }
        entries[slot] = .done(digest: digest, response: response, at: clock())
    }

    /// Releases a claim whose request failed before an answer worth keeping.
    public func abandon(partner: String, key: String) {
        let slot = "\(partner)\u{0}\(key)"
        if case .running = entries[slot] { entries[slot] = nil }
    }
}
