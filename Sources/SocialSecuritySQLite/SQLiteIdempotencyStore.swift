import Foundation
import IDCore
import SocialSecurity
import SQLiteSupport

/// An ``SocialSecurity/IdempotencyStore`` in an SQLite file: the durable embedded default for
/// a gateway that runs as one instance. A claim is a lease in the table, so a gateway that
/// crashed mid-message leaves a claim that lapses and the next delivery runs the message again;
/// answers are kept for `retention` and survive restarts. Every SQLite failure throws
/// `bureau-unavailable`, and the gateway runs nothing.
public final class SQLiteIdempotencyStore: IdempotencyStore {
    private let database: SQLiteDatabase
    private let retention: TimeInterval
    private let random: any RandomByteSource

    /// Opens the store in the database file at `path`, keeping answers for `retention` seconds
    /// (at least the 24 hours the protocol asks for).
    public init(path: String, retention: TimeInterval = 24 * 3600, random: any RandomByteSource = SecureRandom()) throws {
        database = try Self.unavailable { try SQLiteDatabase.open(path: path) }
        self.retention = retention
        self.random = random
        try Self.unavailable {
            try database.migrate(component: "idempotency", migrations: [[
                """
                CREATE TABLE vidk_idempotency (
                    partner TEXT NOT NULL, message_id TEXT NOT NULL,
                    state TEXT NOT NULL CHECK (state IN ('running', 'done', 'reversed')),
                    transaction_code TEXT, input_digest TEXT, token INTEGER, lease_until REAL,
                    status INTEGER, body BLOB, expires REAL,
                    PRIMARY KEY (partner, message_id)
                ) WITHOUT ROWID
                """,
                "CREATE INDEX vidk_idempotency_expires ON vidk_idempotency (expires) WHERE state <> 'running'",
            ]])
        }
    }

    public func claim(_ key: IdempotencyKey, fingerprint: MessageFingerprint, now: Date, lease: TimeInterval) throws -> IdempotencyClaim {
        let token = try ClaimToken(value: random.bytes(count: 8).reduce(0) { $0 << 8 | UInt64($1) })
        return try Self.unavailable {
            try database.transaction { connection in
                try connection.run("DELETE FROM vidk_idempotency WHERE state <> 'running' AND expires <= ?", [.real(now.timeIntervalSince1970)])
                let row = try connection.rows("""
                    SELECT state, transaction_code, input_digest, lease_until, status, body FROM vidk_idempotency WHERE partner = ? AND message_id = ?
                    """, [.text(key.partner), .text(key.messageID)]).first
                if let row {
                    let held = MessageFingerprint(transaction: row[1].text ?? "", inputDigest: row[2].text ?? "")
                    switch row[0].text {
                    case "reversed": return .reversed
                    case "done": return held == fingerprint ? .replay(StoredResponse(status: Int(row[4].integer ?? 0), body: Data(row[5].blob ?? []))) : .conflict(held)
                    default:
                        guard held == fingerprint else { return .conflict(held) }
                        let leaseUntil = Date(timeIntervalSince1970: row[3].real ?? 0)
                        guard leaseUntil <= now else { return .inProgress(until: leaseUntil) }
                    }
                }
                // New, or a lapsed claim of the same message: this caller holds it now.
                try connection.run("""
                    INSERT INTO vidk_idempotency (partner, message_id, state, transaction_code, input_digest, token, lease_until)
                    VALUES (?, ?, 'running', ?, ?, ?, ?)
                    ON CONFLICT (partner, message_id) DO UPDATE SET token = excluded.token, lease_until = excluded.lease_until
                    """, [.text(key.partner), .text(key.messageID), .text(fingerprint.transaction), .text(fingerprint.inputDigest),
                          .integer(Int64(bitPattern: token.value)), .real(now.addingTimeInterval(lease).timeIntervalSince1970)])
                return .granted(token)
            }
        }
    }

    public func complete(_ key: IdempotencyKey, token: ClaimToken, response: StoredResponse, now: Date) throws {
        let stored = try Self.unavailable {
            try database.transaction { connection in
                try connection.run("""
                    UPDATE vidk_idempotency SET state = 'done', status = ?, body = ?, expires = ?, token = NULL, lease_until = NULL
                    WHERE partner = ? AND message_id = ? AND state = 'running' AND token = ?
                    """, [.integer(Int64(response.status)), .blob(Array(response.body)), .real(now.addingTimeInterval(retention).timeIntervalSince1970),
                          .text(key.partner), .text(key.messageID), .integer(Int64(bitPattern: token.value))])
            }
        }
        guard stored == 1 else {
            throw ConnectorError(.internalError, "The claim on message \(key.messageID) lapsed before its answer was stored.")
        }
    }

    public func release(_ key: IdempotencyKey, token: ClaimToken) throws {
        try Self.unavailable {
            try database.transaction { connection in
                try connection.run("DELETE FROM vidk_idempotency WHERE partner = ? AND message_id = ? AND state = 'running' AND token = ?",
                                   [.text(key.partner), .text(key.messageID), .integer(Int64(bitPattern: token.value))])
            }
        }
    }

    public func markReversed(_ key: IdempotencyKey, now: Date) throws {
        try Self.unavailable {
            try database.transaction { connection in
                try connection.run("""
                    INSERT INTO vidk_idempotency (partner, message_id, state, expires) VALUES (?, ?, 'reversed', ?)
                    ON CONFLICT (partner, message_id) DO UPDATE SET state = 'reversed', expires = excluded.expires, token = NULL, lease_until = NULL
                    """, [.text(key.partner), .text(key.messageID), .real(now.addingTimeInterval(retention).timeIntervalSince1970)])
            }
        }
    }

    @discardableResult
    private static func unavailable<Result>(_ body: () throws -> Result) throws -> Result {
        try SQLiteError.rethrown(as: { ConnectorError(.bureauUnavailable, "The idempotency store could not answer: \($0)") }, body)
    }
}
