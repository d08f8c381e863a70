import IDCore

/// Lines of a settlement to pay back: which fee lines, and how many units of each.
///
/// The national interface pays back an outpatient settlement whole (2208); a partial refund is
/// that reversal, the batch's lines withdrawn (2205), the lines kept uploaded again in a new
/// batch (2204) and settled (2206, 2207). This value checks the refund against the settlement's
/// lines before anything is sent, and plans the new batch.
public struct RefundRequest: Sendable, Hashable {
    /// One refunded line: its serial number and how many units go back.
    public struct Line: Sendable, Hashable {
        /// `feedetl_sn` of the billed line.
        public let serialNumber: String
        /// How many of its units are refunded; more than zero, at most what was billed.
        public let quantity: FeeQuantity

        /// Creates a refunded line.
        public init(serialNumber: String, quantity: FeeQuantity) {
            self.serialNumber = serialNumber
            self.quantity = quantity
        }
    }

    /// The 2207 input of the settlement being refunded.
    public let settlementInput: SettlementInput
    /// The settlement being refunded.
    public let settlement: SettlementInfo
    /// The refunded lines.
    public let refunds: [Line]
    /// The lines kept, in the new batch with new serial numbers; empty when everything goes back.
    public let keptLines: [FeeDetail]
    /// The new batch's number.
    public let newChargeBatch: String

    /// Plans a refund of `refunds` from the settlement of `billedLines`. Throws `invalid-refund`
    /// for a line the batch does not have, a quantity of zero or above what was billed, or a line
    /// named twice, and when the lines are not the settlement's batch.
    public init(settlementInput: SettlementInput, settlement: SettlementInfo, billedLines: [FeeDetail], refunds: [Line], newChargeBatch: String) throws {
        guard settlement.settlementID != nil, !settlement.isReversal, settlement.visitID == settlementInput.visitID else {
            throw ConnectorError(.invalidRefund, "Only a settlement of this visit can be refunded, not a price or a reversal record.")
        }
        guard !billedLines.isEmpty, billedLines.allSatisfy({ $0.chargeBatch == settlementInput.chargeBatch && $0.visitID == settlementInput.visitID }) else {
            throw ConnectorError(.invalidRefund, "The billed lines must be those of batch \(settlementInput.chargeBatch) of visit \(settlementInput.visitID).")
        }
        guard try Yuan.sum(billedLines.map(\.total)) == settlement.total else {
            throw ConnectorError(.invalidRefund, "The billed lines add up to \(try Yuan.sum(billedLines.map(\.total))), not the settlement's \(settlement.total).")
        }
        guard !refunds.isEmpty else { throw ConnectorError(.invalidRefund, "A refund names at least one line.") }
        guard newChargeBatch != settlementInput.chargeBatch, !newChargeBatch.isEmpty, newChargeBatch.count <= 26 else {
            throw ConnectorError(.invalidRefund, "The kept lines need a new batch number of at most 26 characters.")
        }
        var refunded: [String: FeeQuantity] = [:]
        for line in refunds {
            guard let billed = billedLines.first(where: { $0.serialNumber == line.serialNumber }) else {
                throw ConnectorError(.invalidRefund, "Line \(line.serialNumber) was not billed in this settlement.")
            }
            guard refunded[line.serialNumber] == nil else { throw ConnectorError(.invalidRefund, "Line \(line.serialNumber) is named twice.") }
            guard !line.quantity.isZero, line.quantity <= billed.quantity else {
                throw ConnectorError(.invalidRefund, "Line \(line.serialNumber) billed \(billed.quantity); \(line.quantity) cannot be refunded.")
            }
            refunded[line.serialNumber] = line.quantity
        }
        var kept: [FeeDetail] = []
        for billed in billedLines {
            let remaining = try billed.quantity.subtracting(refunded[billed.serialNumber] ?? FeeQuantity(units: 0))
            guard !remaining.isZero else { continue }
            kept.append(try billed.reissued(serialNumber: "\(newChargeBatch)-\(kept.count + 1)", chargeBatch: newChargeBatch, quantity: remaining))
        }
        self.settlementInput = settlementInput
        self.settlement = settlement
        self.refunds = refunds
        keptLines = kept
        self.newChargeBatch = newChargeBatch
    }

    /// What the kept lines cost.
    public func keptTotal() throws -> Yuan { try Yuan.sum(keptLines.map(\.total)) }
}
