import IDCore

// The bodies of daily reconciliation (Documentation/ConnectorProtocol.md §8). Amounts are integer
// fen; member names are the protocol's snake_case names, and each message maps itself to them by
// hand (`ConnectorMessage`).

/// Totals of a day's settlements, as each side counts them.
public struct ReconciliationTotals: Sendable, Hashable, Codable, ConnectorMessage {
    /// The number of settlements.
    public let count: Int
    /// Their total, in fen.
    public let totalFen: Int64
    /// The funds' share, in fen.
    public let fundFen: Int64
    /// The personal accounts' share, in fen.
    public let personalAccountFen: Int64
    /// The cash share, in fen.
    public let cashFen: Int64

    /// Creates totals.
    public init(count: Int, totalFen: Int64, fundFen: Int64, personalAccountFen: Int64, cashFen: Int64) {
        self.count = count
        self.totalFen = totalFen
        self.fundFen = fundFen
        self.personalAccountFen = personalAccountFen
        self.cashFen = cashFen
    }

    package init(json: JSONObjectReader) throws {
        try self.init(count: json.int("count"), totalFen: json.integer("total_fen"), fundFen: json.integer("fund_fen"),
                      personalAccountFen: json.integer("personal_account_fen"), cashFen: json.integer("cash_fen"))
    }

    package var json: JSONValue {
        .object(["count": .integer(Int64(count)), "total_fen": .integer(totalFen), "fund_fen": .integer(fundFen),
                 "personal_account_fen": .integer(personalAccountFen), "cash_fen": .integer(cashFen)])
    }
}

/// Compares a day's settlements with the bureau's (`reconciliation.daily`).
public struct ReconciliationRequest: Sendable, Hashable, Codable, ConnectorMessage {
    /// The day to reconcile.
    public let date: CalendarDate
    /// The partner's own totals for that day.
    public let partnerTotals: ReconciliationTotals

    /// Creates a reconciliation request.
    public init(date: CalendarDate, partnerTotals: ReconciliationTotals) {
        self.date = date
        self.partnerTotals = partnerTotals
    }

    package init(json: JSONObjectReader) throws {
        try self.init(date: json.value("date"), partnerTotals: json.object("partner_totals", ReconciliationTotals.init(json:)))
    }

    package var json: JSONValue { .object(["date": JSONValue(date), "partner_totals": partnerTotals.json]) }
}

/// The bureau's totals for the day, its settlements and any mismatch.
public struct ReconciliationResponse: Sendable, Hashable, Codable, ConnectorMessage {
    /// One settlement as the bureau recorded it.
    public struct Detail: Sendable, Hashable, Codable, ConnectorMessage {
        /// The settlement identifier.
        public let settlementID: String
        /// Its total, in fen.
        public let totalFen: Int64
        /// `settled` or `reversed`.
        public let status: String

        /// Creates a detail line.
        public init(settlementID: String, totalFen: Int64, status: String) {
            self.settlementID = settlementID
            self.totalFen = totalFen
            self.status = status
        }

        package init(json: JSONObjectReader) throws {
            try self.init(settlementID: json.string("settlement_id"), totalFen: json.integer("total_fen"), status: json.string("status"))
        }

        package var json: JSONValue { .object(["settlement_id": .string(settlementID), "total_fen": .integer(totalFen), "status": .string(status)]) }
    }

    /// A difference between the partner's and the bureau's view of the day.
    public struct Mismatch: Sendable, Hashable, Codable, ConnectorMessage {
        /// The settlement concerned, or `nil` for a difference in the totals.
        public let settlementID: String?
        /// What differs, in plain words.
        public let issue: String

        /// Creates a mismatch.
        public init(settlementID: String?, issue: String) {
            self.settlementID = settlementID
            self.issue = issue
        }

        package init(json: JSONObjectReader) throws {
            try self.init(settlementID: json.optionalString("settlement_id"), issue: json.string("issue"))
        }

        package var json: JSONValue {
            var members: [String: JSONValue] = ["issue": .string(issue)]
            members["settlement_id"] = settlementID.map(JSONValue.string)
            return .object(members)
        }
    }

    /// The bureau's totals for the day.
    public let bureauTotals: ReconciliationTotals
    /// Every settlement the bureau recorded that day.
    public let details: [Detail]
    /// The differences found; empty when the two sides agree.
    public let mismatches: [Mismatch]

    /// Creates a reconciliation answer.
    public init(bureauTotals: ReconciliationTotals, details: [Detail], mismatches: [Mismatch]) {
        self.bureauTotals = bureauTotals
        self.details = details
        self.mismatches = mismatches
    }

    package init(json: JSONObjectReader) throws {
        try self.init(bureauTotals: json.object("bureau_totals", ReconciliationTotals.init(json:)), details: json.objects("details", Detail.init(json:)),
                      mismatches: json.objects("mismatches", Mismatch.init(json:)))
    }

    package var json: JSONValue {
        .object(["bureau_totals": bureauTotals.json, "details": .array(details.map(\.json)), "mismatches": .array(mismatches.map(\.json))])
    }
}
