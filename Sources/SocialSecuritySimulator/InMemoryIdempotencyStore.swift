import Foundation
import SocialSecurity
import Synchronization

/// An ``IdempotencyStore`` in one process's memory: for tests, the examples and a platform that
/// runs one instance. Answers are kept for `retention` (at least the 24 hours the protocol
/// asks for), then forgotten in the order they were stored; at `capacity` kept entries a
/// new claim throws `bureau-unavailable` rather than forget an answer still owed.
///
/// Its state sits behind a lock rather than in an actor: every state-changing message claims
/// and completes, and a lock held for a dictionary update costs less than two executor hops.
public final class InMemoryIdempotencyStore: IdempotencyStore {
    private enum Entry {
        case running(MessageFingerprint, ClaimToken, leaseUntil: Date)
        case done(MessageFingerprint, StoredResponse, expires: Date)
        case reversed(expires: Date)

        /// When a finished entry may be forgotten; nil while a claim runs.
        var expiry: Date? {
            switch self {
            case .running: nil
            case .done(_, _, let expires), .reversed(let expires): expires
            }
        }
    }

    private struct State {
        var entries: [IdempotencyKey: Entry] = [:]
        /// When each finished entry may be forgotten, oldest first, from `expiryStart` on.
        var expiries: [(key: IdempotencyKey, at: Date)] = []
        var expiryStart = 0
        var nextToken: UInt64 = 1

        /// Forgets finished entries whose time is up; running claims stay until they finish.
        mutating func forgetExpired(now: Date) {
            while expiryStart < expiries.count, expiries[expiryStart].at <= now {
                let key = expiries[expiryStart].key
                // The key may have been stored again since (a reversal after its answer): only an
                // entry whose own time is up goes.
                if let expiry = entries[key]?.expiry, expiry <= now { entries[key] = nil }
                expiryStart += 1
            }
            // Drop the consumed prefix once it is half the queue, so the queue stays linear.
            if expiryStart > 1024, expiryStart * 2 > expiries.count {
                expiries.removeFirst(expiryStart)
                expiryStart = 0
            }
        }

        mutating func finish(_ key: IdempotencyKey, as entry: (Date) -> Entry, now: Date, retention: TimeInterval) {
            let expires = now.addingTimeInterval(retention)
            entries[key] = entry(expires)
            expiries.append((key, expires))
        }
    }

    private let state = Mutex(State())
    private let retention: TimeInterval
    private let capacity: Int

    /// Creates a store keeping answers for `retention` seconds and at most `capacity` entries.
    public init(retention: TimeInterval = 24 * 3600, capacity: Int = 1_000_000) {
        self.retention = retention
        self.capacity = max(1, capacity)
    }

    public func claim(_ key: IdempotencyKey, fingerprint: MessageFingerprint, now: Date, lease: TimeInterval) throws -> IdempotencyClaim {
        try state.withLock { state in
            state.forgetExpired(now: now)
            switch state.entries[key] {
            case nil:
                guard state.entries.count < capacity else {
                    throw ConnectorError(.bureauUnavailable, "The idempotency store holds \(capacity) messages, its capacity; it takes no new one until some expire.")
                }
            case .running(let held, _, let leaseUntil):
                guard held == fingerprint else { return .conflict(held) }
                guard leaseUntil <= now else { return .inProgress(until: leaseUntil) }
            case .done(let held, let response, _):
                return held == fingerprint ? .replay(response) : .conflict(held)
            case .reversed:
                return .reversed
            }
            let token = ClaimToken(value: state.nextToken)
            state.nextToken += 1
            state.entries[key] = .running(fingerprint, token, leaseUntil: now.addingTimeInterval(lease))
            return .granted(token)
        }
    }

    public func complete(_ key: IdempotencyKey, token: ClaimToken, response: StoredResponse, now: Date) throws {
        try state.withLock { state in
            guard case .running(let fingerprint, let held, _) = state.entries[key], held == token else {
                throw ConnectorError(.internalError, "The claim on message \(key.messageID) lapsed before its answer was stored.")
            }
            state.finish(key, as: { .done(fingerprint, response, expires: $0) }, now: now, retention: retention)
        }
    }

    public func release(_ key: IdempotencyKey, token: ClaimToken) {
        state.withLock { state in
            if case .running(_, let held, _) = state.entries[key], held == token { state.entries[key] = nil }
        }
    }

    public func markReversed(_ key: IdempotencyKey, now: Date) throws {
        try state.withLock { state in
            if state.entries[key] == nil, state.entries.count >= capacity {
                throw ConnectorError(.bureauUnavailable, "The idempotency store is full; the reversal of \(key.messageID) cannot be recorded.")
            }
            state.finish(key, as: { .reversed(expires: $0) }, now: now, retention: retention)
        }
    }

    /// How many messages the store holds, for tests and monitoring.
    public var count: Int { state.withLock { $0.entries.count } }
}
