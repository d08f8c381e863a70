import Foundation
import IDCore

/// The cashier's side of exactly-once money: settlements, reversals and refunds journaled under
/// their business ids before anything is sent.
///
/// - A visit's charge batch has one business id (`settle:<visit>:<batch>`), so pressing "settle"
///   twice continues the first attempt instead of starting a second; the platform keys the
///   batch too, so a second cashier with a journal of their own gets the first settlement back
///   (``SettlementReceipt/isRepeat``) instead of a second one.
/// - Every attempt sends one message id, retried unchanged; an answer that cannot be verified is
///   no answer, and the entry stays pending.
/// - A pending entry is resolved the way the interface intends (``UnknownOutcomePolicy``): by
///   sending the same message again, which the platform answers as it did the first time, or by
///   reversing it with 2601, after which settling starts over. The journal says which.
///
/// ```swift
/// let desk = SettlementDesk(session: session, journal: try FileSettlementJournal(url: journalURL))
/// try await desk.recoverPending()                       // after a restart, before new work
/// let receipt = try await desk.settle(input, insuredArea: person.insuredArea)
/// if receipt.isRepeat { print("already settled earlier: do not collect the cash again") }
/// ```
public struct SettlementDesk: Sendable {
    /// How a pending entry (sent, no verified answer) is resolved.
    public enum UnknownOutcomePolicy: Sendable, Hashable {
        /// Send the same message again: the platform answers what it did, or does it now.
        case resend
        /// Reverse the message with 2601 (冲正); the operation has then not happened, and
        /// settling again starts over with a new message.
        case reverse
    }

    /// The signed-in operator's session.
    public let session: ConnectorSession
    /// Where every operation is journaled.
    public let journal: any SettlementJournal
    /// How pending entries are resolved.
    public let unknownOutcome: UnknownOutcomePolicy
    /// How long the desk's lease on an entry lasts unless renewed (it renews it every third of
    /// this while it drives the entry): a desk that dies holds the entry up to this long, after
    /// which the next desk resolves it. Followers wait this long for the holder's outcome.
    public let leaseDuration: TimeInterval
    /// The wall clock journal leases are dated by; desks sharing a journal must agree on it.
    private let leaseClock: @Sendable () -> Date

    /// Creates a desk.
    public init(session: ConnectorSession, journal: any SettlementJournal, unknownOutcome: UnknownOutcomePolicy = .resend,
                leaseDuration: TimeInterval = 120, leaseClock: @escaping @Sendable () -> Date = Date.init) {
        self.session = session
        self.journal = journal
        self.unknownOutcome = unknownOutcome
        self.leaseDuration = leaseDuration
        self.leaseClock = leaseClock
    }

    /// 2207, exactly once per visit and charge batch.
    public func settle(_ input: SettlementInput, insuredArea: InsuranceArea) async throws -> SettlementReceipt {
        try await perform(.settlement(input), businessID: Self.settlementID(visit: input.visitID, batch: input.chargeBatch), insuredArea: insuredArea)
    }

    /// The business id of a visit's charge batch.
    private static func settlementID(visit: String, batch: String) -> String { "settle:\(visit):\(batch)" }

    /// 2208, exactly once per settlement: every share goes back once. The receipt holds the
    /// reversal record.
    public func reverse(_ settlement: SettlementInfo, insuredArea: InsuranceArea) async throws -> SettlementReceipt {
        guard let id = settlement.settlementID, !settlement.isReversal else {
            throw ConnectorError(.notReversible, "Only a settlement can be reversed, not a price or a reversal record.")
        }
        let input = SettlementReversalInput(settlementID: id, visitID: settlement.visitID, personNumber: settlement.personNumber)
        return try await perform(.reversal(input), businessID: "reverse:\(id)", insuredArea: insuredArea)
    }

    /// Pays back the refunded lines: the settlement reversed, its batch withdrawn, the kept lines
    /// uploaded in the new batch and settled. Each step may be repeated after a failure: the two
    /// money steps are journaled, and the others find their work done.
    public func refund(_ request: RefundRequest, insuredArea: InsuranceArea) async throws -> RefundReceipt {
        let reversal = try await reverse(request.settlement, insuredArea: insuredArea)
        let original = request.settlementInput
        do {
            try await session.cancelFeeDetails(FeeDetailCancellation(visitID: original.visitID, chargeBatch: original.chargeBatch,
                                                                     personNumber: original.personNumber), insuredArea: insuredArea)
        } catch let error as ConnectorError where error.code == .nothingToSettle {
            // Withdrawn by an earlier run of this refund.
        }
        guard !request.keptLines.isEmpty else { return RefundReceipt(reversal: reversal, resettlement: nil) }
        do {
            _ = try await session.uploadFeeDetails(FeeDetailUpload(lines: request.keptLines), insuredArea: insuredArea)
        } catch let error as ConnectorError where error.code == .duplicateFeeDetail {
            // Uploaded by an earlier run: the serial numbers are this refund's own.
        }
        let keptBusinessID = Self.settlementID(visit: original.visitID, batch: request.newChargeBatch)
        if let earlier = try await journal.entry(keptBusinessID), case .completed = earlier.outcome {
            return RefundReceipt(reversal: reversal, resettlement: try receipt(earlier, isRepeat: true))
        }
        let kept = SettlementInput(personNumber: original.personNumber, credential: original.credential, medicalType: original.medicalType,
                                   total: try request.keptTotal(), settlementMethod: original.settlementMethod, visitID: original.visitID,
                                   chargeBatch: request.newChargeBatch, usesPersonalAccount: original.usesPersonalAccount,
                                   insuranceType: original.insuranceType)
        let price = try await session.preSettle(kept, insuredArea: insuredArea)
        let settled = try await settle(kept.withPreSettled(.init(price.info)), insuredArea: insuredArea)
        return RefundReceipt(reversal: reversal, resettlement: settled)
    }

    /// Resolves every pending entry as the policy says; call it at start and from time to time.
    /// Returns the entries it resolved; those whose outcome is still unknown (the platform still
    /// cannot be reached) stay pending for the next call.
    @discardableResult
    public func recoverPending() async throws -> [JournalEntry] {
        var resolved: [JournalEntry] = []
        let holder = UUID().uuidString
        for entry in try await journal.pending() {
            // An entry another desk is driving right now is left to it.
            let now = leaseClock()
            guard try await journal.acquireLease(entry.businessID, holder: holder, now: now, until: now.addingTimeInterval(leaseDuration)) else { continue }
            do {
                try await holdingLease(entry.businessID, holder: holder) {
                    if let current = try await journal.entry(entry.businessID), current.isPending { resolved.append(try await resolve(current)) }
                }
            } catch let error as ConnectorError where !Self.isDefinitive(error) {
                // Still unknown: it stays pending for the next call.
            }
        }
        return resolved
    }

    /// 3201 and 3202 for the journal's settlement records of `period` under one scheme, clearing
    /// type and settling agency: the totals, then every record.
    public func reconcile(_ period: ReconciliationPeriod, insuranceType: InsuranceType, clearingType: ClearingType = .outpatient,
                          settlementAgency: InsuranceArea) async throws -> ReconciliationReport {
        let records = try await journal.completed(in: period).compactMap(\.record?.info).filter {
            $0.insuranceType == insuranceType && ($0.clearingType ?? .outpatient) == clearingType && $0.clearingAgency == settlementAgency
        }
        let totals = try await session.reconcileTotals(TotalsReconciliationInput(
            insuranceType: insuranceType, clearingType: clearingType, settlementAgency: settlementAgency, period: period,
            total: Yuan.sum(records.map(\.total)), fundTotal: Yuan.sum(records.map(\.fundTotal)),
            personalAccount: Yuan.sum(records.map(\.personalAccount)), count: records.count))
        let details = try await session.reconcileDetails(DetailReconciliationInput(
            settlementAgency: settlementAgency, period: period, total: Yuan.sum(records.map(\.total)), fundTotal: Yuan.sum(records.map(\.fundTotal)),
            cash: Yuan.sum(records.map(\.cash)), rows: records.map(ReconciliationRow.init)))
        return ReconciliationReport(totals: totals.statement, details: details)
    }

    // MARK: Driving an entry

    private func perform(_ operation: JournalEntry.Operation, businessID: String, insuredArea: InsuranceArea) async throws -> SettlementReceipt {
        let fresh = JournalEntry(businessID: businessID, operation: operation, insuredArea: insuredArea, messageID: try await session.connector.messageIDs.next())
        let claimed = try await journal.claim(fresh)
        guard claimed.operation == operation else {
            throw ConnectorError(.idempotencyConflict, "\(businessID) was journaled for another \(operation.transaction); a visit's charge batch settles one bill.")
        }
        if case .completed = claimed.outcome { return try receipt(claimed, isRepeat: true) }
        // Only the holder of the entry's lease sends its messages: of two desks (or two presses)
        // that meet on one entry, one settles and gives the first receipt, the other waits for
        // that outcome and gives a repeat, so the cash share is collected once.
        let holder = UUID().uuidString
        let deadline = leaseClock().addingTimeInterval(leaseDuration)
        while true {
            let now = leaseClock()
            if try await journal.acquireLease(businessID, holder: holder, now: now, until: now.addingTimeInterval(leaseDuration)) {
                return try await holdingLease(businessID, holder: holder) { try await performHoldingLease(businessID: businessID, fresh: fresh) }
            }
            if let current = try await journal.entry(businessID), case .completed = current.outcome { return try receipt(current, isRepeat: true) }
            guard now < deadline else {
                throw ConnectorError(.requestInProgress, "Another desk is settling \(businessID) and its outcome did not arrive within \(Int(leaseDuration)) s; try again.")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// Runs `body` under a lease just acquired, renewing it every third of its duration (a
    /// settlement whose retries outlast one lease keeps it), and releases it after.
    ///
    /// A renewal or release that fails is not an error: the lease then lapses as if its holder
    /// had died, which delays the next desk but settles nothing twice, and it must not turn a
    /// settlement made into an error, which would send the cashier to press again and be told
    /// "repeat: do not collect the cash".
    private func holdingLease<Result: Sendable>(_ businessID: String, holder: String, _ body: () async throws -> Result) async throws -> Result {
        let (journal, clock, duration) = (journal, leaseClock, leaseDuration)
        let renewal = Task {
            while true {
                try await Task.sleep(for: .seconds(duration / 3))
                let now = clock()
                _ = try? await journal.acquireLease(businessID, holder: holder, now: now, until: now.addingTimeInterval(duration))
            }
        }
        defer { renewal.cancel() }
        do {
            let result = try await body()
            try? await journal.releaseLease(businessID, holder: holder)
            return result
        } catch {
            try? await journal.releaseLease(businessID, holder: holder)
            throw error
        }
    }

    /// Drives the entry from where the journal has it, holding its lease.
    private func performHoldingLease(businessID: String, fresh: JournalEntry) async throws -> SettlementReceipt {
        var entry = try await journal.entry(businessID) ?? fresh
        switch entry.outcome {
        case .completed:
            return try receipt(entry, isRepeat: true)
        case .refused, .voided:
            entry = try await restart(entry)
        case .pending where entry != fresh:
            // An earlier attempt whose outcome is unknown (its desk died): resolve it first.
            entry = try await resolve(entry)
            if case .voided = entry.outcome { entry = try await restart(entry) }
            if case .completed = entry.outcome { return try receipt(entry, isRepeat: nil) }
        case .pending:
            break
        }
        return try receipt(try await drive(entry, resumed: false), isRepeat: nil)
    }

    /// The entry with a new message, the earlier one having been refused or voided.
    private func restart(_ entry: JournalEntry) async throws -> JournalEntry {
        var entry = entry
        entry.messageID = try await session.connector.messageIDs.next()
        entry.reversalMessageID = nil
        entry.attempts += 1
        entry.outcome = .pending
        try await journal.record(entry)
        return entry
    }

    private func resolve(_ entry: JournalEntry) async throws -> JournalEntry {
        switch unknownOutcome {
        case .resend: try await drive(entry, resumed: true)
        case .reverse: try await void(entry)
        }
    }

    /// Sends the entry's message until it has a verified answer, and journals the outcome. An
    /// unknown outcome leaves the entry pending and throws.
    private func drive(_ entry: JournalEntry, resumed: Bool) async throws -> JournalEntry {
        var entry = entry
        while true {
            let response: InterfaceResponse
            do {
                response = try await session.connector.transmit(session.envelope(entry.operation.transaction, input: entry.operation.json,
                                                                                  insuredArea: entry.insuredArea, messageID: entry.messageID))
            } catch let error as ConnectorError where error.isVerified && error.code == .idempotencyConflict {
                // Another message of the institution holds the id: this one never ran under it.
                entry.messageID = try await session.connector.messageIDs.next()
                entry.attempts += 1
                try await journal.record(entry)
                continue
            } catch let error as ConnectorError where Self.isDefinitive(error) {
                entry.outcome = .refused(code: error.code.rawValue, reason: error.reason)
                try await journal.record(entry)
                throw error
            }
            entry.outcome = try outcome(of: response, for: entry, resumed: resumed)
            try await journal.record(entry)
            if case .refused = entry.outcome, let error = response.error { throw Self.verified(error) }
            return entry
        }
    }

    /// What a verified answer means for the entry; a retryable refusal leaves it unknown.
    private func outcome(of response: InterfaceResponse, for entry: JournalEntry, resumed: Bool) throws -> JournalEntry.Outcome {
        guard let refusal = response.error else {
            return .completed(try record(in: response), resumed ? .resent : .answered)
        }
        switch refusal.code {
        case .alreadySettled where response.output != .null, .alreadyReversed where response.output != .null:
            return .completed(try record(in: response), .foundEarlier)
        case .messageReversed:
            return .voided(reversalMessageID: entry.reversalMessageID ?? entry.messageID)
        case let code where code.isRetryable:
            throw Self.verified(refusal)
        default:
            return .refused(code: refusal.code.rawValue, reason: refusal.reason)
        }
    }

    /// Reverses the entry's message with 2601 and journals it voided. A message that the
    /// platform says cannot be reversed (its settlement was reversed by 2208 since) is resolved
    /// by sending it again instead.
    private func void(_ entry: JournalEntry) async throws -> JournalEntry {
        var entry = entry
        let reversalID: MessageID
        if let existing = entry.reversalMessageID {
            reversalID = existing
        } else {
            reversalID = try await session.connector.messageIDs.next()
            entry.reversalMessageID = reversalID
            try await journal.record(entry)
        }
        let input = MessageReversalInput(personNumber: entry.operation.personNumber, originalMessageID: entry.messageID,
                                         originalTransaction: entry.operation.transaction)
        let response = try await session.connector.transmit(session.envelope(.messageReversal, input: input.json, insuredArea: entry.insuredArea, messageID: reversalID))
        switch response.error?.code {
        case nil:
            entry.outcome = .voided(reversalMessageID: reversalID)
            try await journal.record(entry)
            return entry
        case .notReversible?, .alreadyReversed?:
            return try await drive(entry, resumed: true)
        case let code?:
            throw Self.verified(response.error ?? ConnectorError(code, "The 2601 was refused."))
        }
    }

    private func record(in response: InterfaceResponse) throws -> SettlementResult {
        do {
            return try SettlementResult(jsonValue: response.output)
        } catch {
            throw ConnectorError(.invalidResponse, "The platform's settlement record does not read: \(error)")
        }
    }

    /// The receipt of a completed entry; a repeat when the journal already had it or the
    /// platform found it done before.
    private func receipt(_ entry: JournalEntry, isRepeat: Bool?) throws -> SettlementReceipt {
        guard case .completed(let record, let resolution) = entry.outcome else {
            throw ConnectorError(.internalError, "\(entry.businessID) has no outcome yet.")
        }
        return SettlementReceipt(record: record, isRepeat: isRepeat ?? (resolution == .foundEarlier), entry: entry)
    }

    /// A refusal that settles the matter: signed, and not one that trying again can change.
    private static func isDefinitive(_ error: ConnectorError) -> Bool { error.isVerified && !error.code.isRetryable }

    private static func verified(_ error: ConnectorError) -> ConnectorError {
        var error = error
        error.isVerified = true
        return error
    }
}

/// What ``SettlementDesk`` paid or paid back.
public struct SettlementReceipt: Sendable, Hashable {
    /// The platform's record: the settlement, or the reversal record.
    public let record: SettlementResult
    /// True when the batch was settled (or the settlement reversed) before this call, by this
    /// desk or another: no new money moved, and the cash share must not be collected again.
    public let isRepeat: Bool
    /// The journal entry, with how its outcome became known.
    public let entry: JournalEntry
}

/// What a refund did: the reversal of the whole settlement, and the kept lines settled again.
public struct RefundReceipt: Sendable, Hashable {
    /// The reversal record.
    public let reversal: SettlementReceipt
    /// The kept lines' settlement; nil when every line was refunded.
    public let resettlement: SettlementReceipt?

    /// What goes back to each payer: what the reversed settlement took less what the new one
    /// takes.
    public func paidBack() throws -> FundPaidBack {
        let reversed = reversal.record.info
        let kept = resettlement?.record.info
        return FundPaidBack(fund: try reversed.fundTotal.negated.subtracting(kept?.fundTotal ?? .zero),
                            personalAccount: try reversed.personalAccount.negated.subtracting(kept?.personalAccount ?? .zero),
                            cash: try reversed.cash.negated.subtracting(kept?.cash ?? .zero))
    }
}

/// What a refund gives back to the funds, the personal account and the patient.
public struct FundPaidBack: Sendable, Hashable {
    /// To the funds.
    public let fund: Yuan
    /// To the personal account.
    public let personalAccount: Yuan
    /// To the patient, in cash.
    public let cash: Yuan
}

/// A reconciliation of a period: the totals (3201) and every settlement record (3202).
public struct ReconciliationReport: Sendable, Hashable {
    /// 3201's statement.
    public let totals: ReconciliationStatement
    /// 3202's answer.
    public let details: DetailReconciliationResult

    /// Whether both agree.
    public var isBalanced: Bool { totals.isBalanced && details.statement.isBalanced && details.differences.isEmpty }
}

extension JournalEntry.Operation {
    /// The input of the operation's message.
    var json: JSONValue {
        switch self {
        case .settlement(let input): input.json
        case .reversal(let input): input.json
        }
    }
}

extension SettlementInput {
    /// The same input with the amounts a 2207 repeats from its 2206.
    func withPreSettled(_ amounts: PreSettledAmounts) -> SettlementInput {
        SettlementInput(personNumber: personNumber, credential: credential, medicalType: medicalType, total: total, settlementMethod: settlementMethod,
                        visitID: visitID, chargeBatch: chargeBatch, usesPersonalAccount: usesPersonalAccount, insuranceType: insuranceType,
                        invoiceNumber: invoiceNumber, preSettled: amounts)
    }
}
