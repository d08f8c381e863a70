import Foundation
import IDCore

// The bodies of pre-settlement, settlement, reversal and refund
// (Documentation/ConnectorProtocol.md §8). Amounts are integer fen; member names are the
// protocol's snake_case names, and each message maps itself to them by hand (`ConnectorMessage`).

/// One billed line of a visit.
public struct BillItem: Sendable, Hashable, Codable, ConnectorMessage {
    /// The kind of a billed item, which decides how the fund shares it.
    public enum Category: String, Sendable, Hashable, Codable {
        /// A medicine.
        case drug
        /// An examination or test.
        case exam
        /// A treatment or procedure.
        case treatment
        /// A service such as registration or a bed.
        case service
    }

    /// The item's catalogue code.
    public let code: String
    /// The item's display name.
    public let name: String
    /// The item's category.
    public let category: Category
    /// How many units were billed.
    public let quantity: Int
    /// The price of one unit, in fen.
    public let unitPriceFen: Int64

    /// Creates a bill line.
    public init(code: String, name: String, category: Category, quantity: Int, unitPriceFen: Int64) {
        self.code = code
        self.name = name
        self.category = category
        self.quantity = quantity
        self.unitPriceFen = unitPriceFen
    }

    /// The line total in fen.
    public var totalFen: Int64 { Int64(quantity) * unitPriceFen }

    package init(json: JSONObjectReader) throws {
        try self.init(code: json.string("code"), name: json.string("name"), category: json.value("category"), quantity: json.int("quantity"),
                      unitPriceFen: json.integer("unit_price_fen"))
    }

    package var json: JSONValue {
        .object(["code": .string(code), "name": .string(name), "category": .string(category.rawValue), "quantity": .integer(Int64(quantity)),
                 "unit_price_fen": .integer(unitPriceFen)])
    }
}

/// Estimates or settles a bill (`settlement.estimate`, `settlement.settle`).
public struct SettlementRequest: Sendable, Hashable, Codable, ConnectorMessage {
    /// The patient's resident ID number.
    public let idNumber: ResidentIDNumber
    /// The hospital's visit identifier, if any.
    public let visitID: String?
    /// The billed lines.
    public let items: [BillItem]

    /// Creates a settlement request.
    public init(idNumber: ResidentIDNumber, visitID: String? = nil, items: [BillItem]) {
        self.idNumber = idNumber
        self.visitID = visitID
        self.items = items
    }

    package init(json: JSONObjectReader) throws {
        try self.init(idNumber: json.value("id_number"), visitID: json.optionalString("visit_id"), items: json.objects("items", BillItem.init(json:)))
    }

    package var json: JSONValue {
        var members: [String: JSONValue] = ["id_number": JSONValue(idNumber), "items": .array(items.map(\.json))]
        members["visit_id"] = visitID.map(JSONValue.string)
        return .object(members)
    }
}

/// How a bill is paid: from the insurance fund, the personal account and in cash.
public struct SettlementSplit: Sendable, Hashable, Codable, ConnectorMessage {
    /// The part of a bill one fund pays.
    public struct FundShare: Sendable, Hashable, Codable, ConnectorMessage {
        /// The fund's name, for example `basic-medical-insurance`.
        public let fund: String
        /// The amount the fund pays, in fen.
        public let amountFen: Int64

        /// Creates a fund share.
        public init(fund: String, amountFen: Int64) {
            self.fund = fund
            self.amountFen = amountFen
        }

        package init(json: JSONObjectReader) throws {
            try self.init(fund: json.string("fund"), amountFen: json.integer("amount_fen"))
        }

        package var json: JSONValue { .object(["fund": .string(fund), "amount_fen": .integer(amountFen)]) }
    }

    /// The bill total, in fen; always `fundFen + personalAccountFen + cashFen`.
    public let totalFen: Int64
    /// The amount the insurance funds pay, in fen.
    public let fundFen: Int64
    /// The amount taken from the personal account, in fen.
    public let personalAccountFen: Int64
    /// The amount the patient pays in cash, in fen.
    public let cashFen: Int64
    /// The fund amount broken down by fund.
    public let funds: [FundShare]
    /// Set for a settlement, absent for an estimate.
    public let settlementID: String?
    /// When the bill was settled, in protocol time format; absent for an estimate.
    public let settledAt: String?

    /// Creates a split.
    public init(totalFen: Int64, fundFen: Int64, personalAccountFen: Int64, cashFen: Int64, funds: [FundShare],
                settlementID: String? = nil, settledAt: String? = nil) {
        self.totalFen = totalFen
        self.fundFen = fundFen
        self.personalAccountFen = personalAccountFen
        self.cashFen = cashFen
        self.funds = funds
        self.settlementID = settlementID
        self.settledAt = settledAt
    }

    package init(json: JSONObjectReader) throws {
        try self.init(totalFen: json.integer("total_fen"), fundFen: json.integer("fund_fen"), personalAccountFen: json.integer("personal_account_fen"),
                      cashFen: json.integer("cash_fen"), funds: json.objects("funds", FundShare.init(json:)),
                      settlementID: json.optionalString("settlement_id"), settledAt: json.optionalString("settled_at"))
    }

    package var json: JSONValue {
        var members: [String: JSONValue] = [
            "total_fen": .integer(totalFen), "fund_fen": .integer(fundFen), "personal_account_fen": .integer(personalAccountFen),
            "cash_fen": .integer(cashFen), "funds": .array(funds.map(\.json)),
        ]
        members["settlement_id"] = settlementID.map(JSONValue.string)
        members["settled_at"] = settledAt.map(JSONValue.string)
        return .object(members)
    }
}

/// Reverses a whole settlement on the same day (`settlement.reverse`).
public struct ReversalRequest: Sendable, Hashable, Codable, ConnectorMessage {
    /// The settlement to reverse.
    public let settlementID: String
    /// Why it is reversed, for the bureau's audit trail.
    public let reason: String

    /// Creates a reversal request.
    public init(settlementID: String, reason: String) {
        self.settlementID = settlementID
        self.reason = reason
    }

    package init(json: JSONObjectReader) throws {
        try self.init(settlementID: json.string("settlement_id"), reason: json.string("reason"))
    }

    package var json: JSONValue { .object(["settlement_id": .string(settlementID), "reason": .string(reason)]) }
}

/// The confirmation of a reversed settlement.
public struct ReversalResponse: Sendable, Hashable, Codable, ConnectorMessage {
    /// The reversed settlement.
    public let settlementID: String
    /// When it was reversed, in protocol time format.
    public let reversedAt: String

    /// Creates a reversal answer; `reversedAt` is formatted in protocol time.
    public init(settlementID: String, reversedAt: Date) {
        self.settlementID = settlementID
        self.reversedAt = ProtocolTime.format(reversedAt)
    }

    private init(settlementID: String, reversedAtText: String) {
        self.settlementID = settlementID
        self.reversedAt = reversedAtText
    }

    package init(json: JSONObjectReader) throws {
        try self.init(settlementID: json.string("settlement_id"), reversedAtText: json.string("reversed_at"))
    }

    package var json: JSONValue { .object(["settlement_id": .string(settlementID), "reversed_at": .string(reversedAt)]) }
}

/// Refunds some lines of a settlement (`settlement.refund`).
public struct RefundRequest: Sendable, Hashable, Codable, ConnectorMessage {
    /// The settlement the lines were paid in.
    public let settlementID: String
    /// The lines to refund, with the quantities refunded.
    public let items: [BillItem]

    /// Creates a refund request.
    public init(settlementID: String, items: [BillItem]) {
        self.settlementID = settlementID
        self.items = items
    }

    package init(json: JSONObjectReader) throws {
        try self.init(settlementID: json.string("settlement_id"), items: json.objects("items", BillItem.init(json:)))
    }

    package var json: JSONValue { .object(["settlement_id": .string(settlementID), "items": .array(items.map(\.json))]) }
}

/// How a refund goes back to the fund, the personal account and the patient.
public struct RefundResponse: Sendable, Hashable, Codable, ConnectorMessage {
    /// The refund identifier.
    public let refundID: String
    /// The amount returned to the funds, in fen.
    public let fundFen: Int64
    /// The amount returned to the personal account, in fen.
    public let personalAccountFen: Int64
    /// The amount returned to the patient in cash, in fen.
    public let cashFen: Int64

    /// Creates a refund answer.
    public init(refundID: String, fundFen: Int64, personalAccountFen: Int64, cashFen: Int64) {
        self.refundID = refundID
        self.fundFen = fundFen
        self.personalAccountFen = personalAccountFen
        self.cashFen = cashFen
    }

    package init(json: JSONObjectReader) throws {
        try self.init(refundID: json.string("refund_id"), fundFen: json.integer("fund_fen"), personalAccountFen: json.integer("personal_account_fen"),
                      cashFen: json.integer("cash_fen"))
    }

    package var json: JSONValue {
        .object(["refund_id": .string(refundID), "fund_fen": .integer(fundFen), "personal_account_fen": .integer(personalAccountFen), "cash_fen": .integer(cashFen)])
    }
}
