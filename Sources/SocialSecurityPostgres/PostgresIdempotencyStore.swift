import Foundation
import IDCore
import PostgresSupport
import SocialSecurity

/// An ``SocialSecurity/IdempotencyStore`` on PostgreSQL, shared by every gateway instance of a
/// platform: a message claimed at one instance is in progress (or answered) at all of them, and
/// a claim left by an instance that died lapses after its lease, for another to run again.
///
/// A claim is one READ COMMITTED transaction: an insert that only one of several concurrent
/// claimants can make (`ON CONFLICT DO NOTHING` on the key), else a `SELECT … FOR UPDATE` of
/// the existing row, so the decision (replay, conflict, in progress, take over a lapsed lease)
/// is made under the row's lock. Completing checks the claim's token in the same `UPDATE`, so a
/// holder whose lease lapsed cannot overwrite its successor's answer. Every failure throws
/// `bureau-unavailable`, and the gateway runs nothing.
public final class PostgresIdempotencyStore: IdempotencyStore {
    private let pool: PostgresPool
    private let retention: TimeInterval
    private let random: any RandomByteSource

    /// Connects to the database at `url` with up to `poolSize` connections, keeping answers for
    /// `retention` seconds, and creates or migrates the table.
    public init(url: String, poolSize: Int = 8, retention: TimeInterval = 24 * 3600, random: any RandomByteSource = SecureRandom()) throws {
        pool = PostgresPool(url: url, size: poolSize)
        self.retention = retention
        self.random = random
        try Self.unavailable {
            try pool.migrate(component: "idempotency", migrations: [[
                """
                CREATE TABLE vidk_idempotency (
                    partner TEXT NOT NULL, message_id TEXT NOT NULL,
                    state TEXT NOT NULL CHECK (state IN ('running', 'done', 'reversed')),
                    transaction_code TEXT, input_digest TEXT, token BIGINT, lease_until DOUBLE PRECISION,
                    status INTEGER, body BYTEA, expires DOUBLE PRECISION,
                    PRIMARY KEY (partner, message_id)
                )
                """,
                "CREATE INDEX vidk_idempotency_expires ON vidk_idempotency (expires) WHERE state <> 'running'",
            ]])
        }
    }

    public func claim(_ key: IdempotencyKey, fingerprint: MessageFingerprint, now: Date, lease: TimeInterval) throws -> IdempotencyClaim {
        let token = ClaimToken(value: try random.bytes(count: 8).reduce(0) { $0 << 8 | UInt64($1) })
        let seconds = now.timeIntervalSince1970
        return try Self.unavailable {
            try pool.transaction(.readCommitted) { connection in
                try connection.query("DELETE FROM vidk_idempotency WHERE partner = $1 AND message_id = $2 AND state <> 'running' AND expires <= $3",
                                     [.text(key.partner), .text(key.messageID), .double(seconds)])
                // Other expired answers go now and then, so sweeps of the same rows rarely meet.
                if Int.random(in: 0..<256) == 0 {
                    try connection.query("DELETE FROM vidk_idempotency WHERE state <> 'running' AND expires <= $1", [.double(seconds)])
                }
                let leaseUntil = PostgresValue.double(now.addingTimeInterval(lease).timeIntervalSince1970)
                let inserted = try connection.query("""
                    INSERT INTO vidk_idempotency (partner, message_id, state, transaction_code, input_digest, token, lease_until)
                    VALUES ($1, $2, 'running', $3, $4, $5, $6) ON CONFLICT (partner, message_id) DO NOTHING
                    """, [.text(key.partner), .text(key.messageID), .text(fingerprint.transaction), .text(fingerprint.inputDigest),
                          .integer(Int64(bitPattern: token.value)), leaseUntil]).changed
                if inserted == 1 { return .granted(token) }
                guard let row = try connection.query("""
                    SELECT state, transaction_code, input_digest, lease_until, status, body FROM vidk_idempotency
                    WHERE partner = $1 AND message_id = $2 FOR UPDATE
                    """, [.text(key.partner), .text(key.messageID)]).first
                else {
                    // Released between the insert and the lock: as a serialization failure, the
                    // pool runs the claim again.
                    throw PostgresError(operation: "claim", sqlState: "40001", message: "the message's row was released during the claim")
                }
                let held = MessageFingerprint(transaction: row[1] ?? "", inputDigest: row[2] ?? "")
                switch row[0] {
                case "reversed": return .reversed
                case "done":
                    guard held == fingerprint else { return .conflict(held) }
                    return .replay(StoredResponse(status: Int(row[4] ?? "") ?? 0, body: Data(row[5]?.postgresBytes ?? [])))
                default:
                    guard held == fingerprint else { return .conflict(held) }
                    let until = Date(timeIntervalSince1970: Double(row[3] ?? "") ?? 0)
                    guard until <= now else { return .inProgress(until: until) }
                    try connection.query("UPDATE vidk_idempotency SET token = $3, lease_until = $4 WHERE partner = $1 AND message_id = $2",
                                         [.text(key.partner), .text(key.messageID), .integer(Int64(bitPattern: token.value)), leaseUntil])
                    return .granted(token)
                }
            }
        }
    }

    public func complete(_ key: IdempotencyKey, token: ClaimToken, response: StoredResponse, now: Date) throws {
        let stored = try Self.unavailable {
            try pool.transaction(.readCommitted) { connection in
                try connection.query("""
                    UPDATE vidk_idempotency SET state = 'done', status = $1, body = $2, expires = $3, token = NULL, lease_until = NULL
                    WHERE partner = $4 AND message_id = $5 AND state = 'running' AND token = $6
                    """, [.integer(Int64(response.status)), .bytes(Array(response.body)), .double(now.addingTimeInterval(retention).timeIntervalSince1970),
                          .text(key.partner), .text(key.messageID), .integer(Int64(bitPattern: token.value))]).changed
            }
        }
        guard stored == 1 else {
            throw ConnectorError(.internalError, "The claim on message \(key.messageID) lapsed before its answer was stored.")
        }
    }

    public func release(_ key: IdempotencyKey, token: ClaimToken) throws {
        try Self.unavailable {
            try pool.transaction(.readCommitted) { connection in
                try connection.query("DELETE FROM vidk_idempotency WHERE partner = $1 AND message_id = $2 AND state = 'running' AND token = $3",
                                     [.text(key.partner), .text(key.messageID), .integer(Int64(bitPattern: token.value))])
            }
        }
    }

    public func markReversed(_ key: IdempotencyKey, now: Date) throws {
        try Self.unavailable {
            try pool.transaction(.readCommitted) { connection in
                try connection.query("""
                    INSERT INTO vidk_idempotency (partner, message_id, state, expires) VALUES ($1, $2, 'reversed', $3)
                    ON CONFLICT (partner, message_id) DO UPDATE SET state = 'reversed', expires = excluded.expires, token = NULL, lease_until = NULL
                    """, [.text(key.partner), .text(key.messageID), .double(now.addingTimeInterval(retention).timeIntervalSince1970)])
            }
        }
    }

    @discardableResult
    static func unavailable<Result>(_ body: () throws -> Result) throws -> Result {
        try PostgresError.rethrown(as: { ConnectorError(.bureauUnavailable, "The idempotency store could not answer: \($0)") }, body)
    }
}
