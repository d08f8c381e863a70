import Foundation

/// Where a gateway keeps each state-changing message by (partner, message id) and its answer,
/// so that a message sent again is answered as the first time and applied once.
///
/// A key belongs to one transaction with one input: the same message id sent for another
/// transaction, or with another input, is a conflict, never a replay of someone else's answer.
/// A claim is a lease: a gateway that dies while running a message leaves a claim that lapses,
/// and the next delivery runs it again (the ledger's own business keys, such as a visit's
/// charge batch, keep a second run from paying twice). Every method throws when the store
/// cannot answer; a gateway answers that as `bureau-unavailable` and runs nothing.
///
/// Instances of one platform behind a load balancer must share one store.
public protocol IdempotencyStore: Sendable {
    /// Claims `key` for a message with `fingerprint`, for `lease` seconds from `now`.
    func claim(_ key: IdempotencyKey, fingerprint: MessageFingerprint, now: Date, lease: TimeInterval) async throws -> IdempotencyClaim
    /// Stores the answer of a claimed message. Throws when the claim has lapsed and another
    /// holder took it; the answer is then not stored.
    func complete(_ key: IdempotencyKey, token: ClaimToken, response: StoredResponse, now: Date) async throws
    /// Releases a claim whose message failed without effect, so that a retry may run it.
    func release(_ key: IdempotencyKey, token: ClaimToken) async throws
    /// Records that a 2601 reversed the message `key` (whether or not it ever arrived): from now
    /// on a claim for it answers ``IdempotencyClaim/reversed``.
    func markReversed(_ key: IdempotencyKey, now: Date) async throws
}

/// A message's idempotency key: the partner that sent it and its id.
public struct IdempotencyKey: Sendable, Hashable {
    /// The partner (its institution code).
    public let partner: String
    /// The message id.
    public let messageID: String

    /// Creates a key.
    public init(partner: String, messageID: String) {
        self.partner = partner
        self.messageID = messageID
    }
}

/// What a message id was used for: the transaction and a digest of the input.
public struct MessageFingerprint: Sendable, Hashable {
    /// The transaction's `infno`.
    public let transaction: String
    /// The SHA-256 of the input's canonical JSON, base64url.
    public let inputDigest: String

    /// Creates a fingerprint.
    public init(transaction: String, inputDigest: String) {
        self.transaction = transaction
        self.inputDigest = inputDigest
    }
}

/// Proof of holding a claim, handed back with ``IdempotencyStore/complete(_:token:response:now:)``.
public struct ClaimToken: Sendable, Hashable {
    /// An identifier unique to this claim.
    public let value: UInt64

    /// Creates a token.
    public init(value: UInt64) {
        self.value = value
    }
}

/// The answer to a claim.
public enum IdempotencyClaim: Sendable, Hashable {
    /// The key is new (or its earlier claim lapsed): run the message.
    case granted(ClaimToken)
    /// The same message was answered before: send this again.
    case replay(StoredResponse)
    /// The key was used for another transaction or another input.
    case conflict(MessageFingerprint)
    /// The key's message is still running, under a claim that lapses at this time.
    case inProgress(until: Date)
    /// A 2601 reversed the message: it will never run.
    case reversed
}

/// An answer as the gateway sent it, kept to be sent again.
public struct StoredResponse: Sendable, Hashable {
    /// The HTTP status sent.
    public let status: Int
    /// The envelope sent, byte for byte.
    public let body: Data

    /// Creates a stored response.
    public init(status: Int, body: Data) {
        self.status = status
        self.body = body
    }
}
