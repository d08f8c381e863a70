import Foundation

/// One money operation of a ``SettlementDesk``, recorded before its message is sent and
/// again when its outcome is known, under the caller's business id: `settle:<visit>:<batch>` for
/// a settlement, `reverse:<settlement>` for a reversal. Whatever happens in between (a lost
/// answer, a crash, a second press of the button), the entry says what is known and which
/// message carries the operation.
public struct JournalEntry: Sendable, Hashable, Codable {
    /// What the entry pays or pays back.
    public enum Operation: Sendable, Hashable, Codable {
        /// 2207: settle a visit's charge batch.
        case settlement(SettlementInput)
        /// 2208: reverse a settlement.
        case reversal(SettlementReversalInput)

        /// The transaction that carries it.
        public var transaction: InterfaceTransaction {
            switch self {
            case .settlement: .settlement
            case .reversal: .settlementReversal
            }
        }

        /// The person it is about.
        var personNumber: String {
            switch self {
            case .settlement(let input): input.personNumber
            case .reversal(let input): input.personNumber
            }
        }
    }

    /// How an outcome became known.
    public enum Resolution: String, Sendable, Hashable, Codable {
        /// The first answer to the message.
        case answered
        /// An answer to the same message sent again after its outcome was unknown: the platform
        /// answers what it did, or does it now.
        case resent
        /// The platform had done it before, for another message (`already-settled`,
        /// `already-reversed`), and answered with that record.
        case foundEarlier
    }

    /// Where the operation stands.
    public enum Outcome: Sendable, Hashable, Codable {
        /// Sent, or about to be, with no verified answer yet.
        case pending
        /// Done: the settlement or reversal record the platform signed.
        case completed(SettlementResult, Resolution)
        /// Refused for good by a signed answer; nothing was paid. Settling again starts over.
        case refused(code: String, reason: String)
        /// Its outcome was unknown, and a 2601 with this message id undid whatever it did;
        /// nothing was paid. Settling again starts over with a new message.
        case voided(reversalMessageID: MessageID)
    }

    /// The caller's business id, unique per operation.
    public let businessID: String
    /// What is paid or paid back.
    public let operation: Operation
    /// The patient's place of insurance, carried by every message of the entry.
    public let insuredArea: InsuranceArea
    /// The message that carries the operation now.
    public internal(set) var messageID: MessageID
    /// The 2601 that reverses `messageID`, once one was decided on.
    public internal(set) var reversalMessageID: MessageID?
    /// How many messages the operation has used (a refused or voided one is followed by a new one).
    public internal(set) var attempts: Int
    /// Where it stands.
    public internal(set) var outcome: Outcome

    /// A new, pending entry.
    init(businessID: String, operation: Operation, insuredArea: InsuranceArea, messageID: MessageID) {
        self.businessID = businessID
        self.operation = operation
        self.insuredArea = insuredArea
        self.messageID = messageID
        reversalMessageID = nil
        attempts = 1
        outcome = .pending
    }

    /// The platform's record, once completed.
    public var record: SettlementResult? {
        if case .completed(let result, _) = outcome { return result }
        return nil
    }

    /// Whether the outcome is still unknown.
    public var isPending: Bool { outcome == .pending }
}

/// Where a ``SettlementDesk`` journals: durable when `record` returns, answering
/// ``claim(_:)`` atomically, and throwing (`journal-unavailable`) whenever it cannot answer, so
/// that no money moves on a journal that did not take the entry.
public protocol SettlementJournal: Sendable {
    /// Records `entry` unless one with its business id exists, and returns the entry that is
    /// there now: the new one, or the existing one, which the caller continues instead.
    func claim(_ entry: JournalEntry) async throws -> JournalEntry
    /// Durably records a changed entry; the last record of a business id wins.
    func record(_ entry: JournalEntry) async throws
    /// The entry of a business id, if there is one.
    func entry(_ businessID: String) async throws -> JournalEntry?
    /// The entries whose outcome is still unknown, in the order first recorded.
    func pending() async throws -> [JournalEntry]
    /// The completed entries whose record was settled in `period` (China Standard Time), in the
    /// order first recorded: what the institution reconciles.
    func completed(in period: ReconciliationPeriod) async throws -> [JournalEntry]
    /// Takes the lease on `businessID`'s entry for `holder` until `until`, unless another
    /// holder's lease still runs at `now`: only the holder sends the entry's messages, so of two
    /// desks (or two presses) that meet on one entry, one settles and the other waits for its
    /// outcome. True when `holder` holds the lease afterwards.
    func acquireLease(_ businessID: String, holder: String, now: Date, until: Date) async throws -> Bool
    /// Ends `holder`'s lease on the entry, if it still holds it.
    func releaseLease(_ businessID: String, holder: String) async throws
}
