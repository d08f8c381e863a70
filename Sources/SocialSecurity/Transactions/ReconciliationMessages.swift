import IDCore

/// The period and totals both reconciliations state (`stmt_begndate` to `stmt_enddate`, China
/// Standard Time, both days included).
public struct ReconciliationPeriod: Sendable, Hashable {
    /// `stmt_begndate`.
    public let from: CalendarDate
    /// `stmt_enddate`.
    public let through: CalendarDate

    /// A period of days; `through` may not be before `from`.
    public init(from: CalendarDate, through: CalendarDate) throws {
        guard from <= through else { throw ConnectorError(.malformedRequest, "The reconciliation period ends (\(through)) before it begins (\(from)).") }
        self.from = from
        self.through = through
    }

    /// One day.
    public init(day: CalendarDate) {
        from = day
        through = day
    }

    /// Whether `date` is in the period.
    public func contains(_ date: CalendarDate) -> Bool { from <= date && date <= through }

    init(json data: JSONObjectReader) throws {
        try self.init(from: data.date("stmt_begndate"), through: data.date("stmt_enddate"))
    }

    func write(into data: inout JSONMembers) {
        data["stmt_begndate"] = JSONValue(from)
        data["stmt_enddate"] = JSONValue(through)
    }
}

/// 3201 input, `{"data": {...}}`: the institution's totals of a period, for one scheme, clearing
/// type and settling agency, to compare with the platform's.
///
/// Totals count every settlement record of the period, reversal records included with their
/// negative amounts, so that a settled-then-reversed bill adds nothing to the amounts and two
/// to the count.
public struct TotalsReconciliationInput: InterfaceMessage, Hashable {
    /// `insutype`.
    public let insuranceType: InsuranceType
    /// `clr_type`.
    public let clearingType: ClearingType
    /// `setl_optins`: the agency that settled (the insured area).
    public let settlementAgency: InsuranceArea
    /// The period.
    public let period: ReconciliationPeriod
    /// `medfee_sumamt`.
    public let total: Yuan
    /// `fund_pay_sumamt`.
    public let fundTotal: Yuan
    /// `acct_pay`.
    public let personalAccount: Yuan
    /// `fixmedins_setl_cnt`: how many settlement records.
    public let count: Int

    /// Creates a totals reconciliation.
    public init(insuranceType: InsuranceType, clearingType: ClearingType = .outpatient, settlementAgency: InsuranceArea, period: ReconciliationPeriod,
                total: Yuan, fundTotal: Yuan, personalAccount: Yuan, count: Int) {
        self.insuranceType = insuranceType
        self.clearingType = clearingType
        self.settlementAgency = settlementAgency
        self.period = period
        self.total = total
        self.fundTotal = fundTotal
        self.personalAccount = personalAccount
        self.count = count
    }

    package init(json: JSONObjectReader) throws {
        let data = try json.object("data") { $0 }
        try self.init(insuranceType: data.code("insutype"), clearingType: data.code("clr_type"), settlementAgency: data.area("setl_optins"),
                      period: ReconciliationPeriod(json: data), total: data.yuan("medfee_sumamt"), fundTotal: data.yuan("fund_pay_sumamt"),
                      personalAccount: data.yuan("acct_pay"), count: data.wholeNumber("fixmedins_setl_cnt"))
    }

    /// The message as the interface's JSON object.
    public var json: JSONValue {
        var data = JSONMembers()
        data["insutype"] = insuranceType.json
        data["clr_type"] = clearingType.json
        data["setl_optins"] = settlementAgency.json
        period.write(into: &data)
        data["medfee_sumamt"] = total.json
        data["fund_pay_sumamt"] = fundTotal.json
        data["acct_pay"] = personalAccount.json
        data["fixmedins_setl_cnt"] = .integer(Int64(count))
        return .object(["data": data.object])
    }
}

/// 3201 and 3202 `stmtinfo`: whether the two sides agree, and why not.
public struct ReconciliationStatement: Sendable, Hashable {
    /// `setl_optins`.
    public let settlementAgency: InsuranceArea
    /// `stmt_rslt`: ``ReconciliationResult/balanced`` or ``ReconciliationResult/unbalanced``.
    public let result: ReconciliationResult
    /// `stmt_rslt_dscr`: what differs, in words.
    public let explanation: String?

    /// Creates a statement.
    public init(settlementAgency: InsuranceArea, result: ReconciliationResult, explanation: String?) {
        self.settlementAgency = settlementAgency
        self.result = result
        self.explanation = explanation
    }

    /// Whether the two sides agree.
    public var isBalanced: Bool { result == .balanced }

    init(json info: JSONObjectReader) throws {
        try self.init(settlementAgency: info.area("setl_optins"), result: info.code("stmt_rslt"), explanation: info.text("stmt_rslt_dscr"))
    }

    var json: JSONValue {
        var info = JSONMembers()
        info["setl_optins"] = settlementAgency.json
        info["stmt_rslt"] = result.json
        info["stmt_rslt_dscr"] = explanation.map(JSONValue.string)
        return info.object
    }
}

/// 3201 output, `{"stmtinfo": {...}}`.
public struct TotalsReconciliationResult: InterfaceMessage, Hashable {
    /// `stmtinfo`.
    public let statement: ReconciliationStatement

    /// Creates a totals answer.
    public init(statement: ReconciliationStatement) {
        self.statement = statement
    }

    package init(json: JSONObjectReader) throws {
        try self.init(statement: json.object("stmtinfo", ReconciliationStatement.init(json:)))
    }

    /// The message as the interface's JSON object.
    public var json: JSONValue { .object(["stmtinfo": statement.json]) }
}

/// One settlement record in a detail reconciliation: a row of the detail file of the
/// specification (`setl_id`, `mdtrt_id`, `psn_no`, `medfee_sumamt`, `fund_pay_sumamt`,
/// `acct_pay`, `refd_setl_flag`).
public struct ReconciliationRow: Sendable, Hashable {
    /// `setl_id`.
    public let settlementID: String
    /// `mdtrt_id`.
    public let visitID: String
    /// `psn_no`.
    public let personNumber: String
    /// `medfee_sumamt`.
    public let total: Yuan
    /// `fund_pay_sumamt`.
    public let fundTotal: Yuan
    /// `acct_pay`.
    public let personalAccount: Yuan
    /// `refd_setl_flag`: the record of a reversal.
    public let isReversal: Bool

    /// Creates a row.
    public init(settlementID: String, visitID: String, personNumber: String, total: Yuan, fundTotal: Yuan, personalAccount: Yuan, isReversal: Bool) {
        self.settlementID = settlementID
        self.visitID = visitID
        self.personNumber = personNumber
        self.total = total
        self.fundTotal = fundTotal
        self.personalAccount = personalAccount
        self.isReversal = isReversal
    }

    /// The row of a settlement record.
    public init(_ settlement: SettlementInfo) throws {
        guard let id = settlement.settlementID else {
            throw ConnectorError(.malformedRequest, "A pre-settlement's price has no settlement id to reconcile.")
        }
        self.init(settlementID: id, visitID: settlement.visitID, personNumber: settlement.personNumber, total: settlement.total,
                  fundTotal: settlement.fundTotal, personalAccount: settlement.personalAccount, isReversal: settlement.isReversal)
    }

    init(json row: JSONObjectReader) throws {
        try self.init(settlementID: row.requiredText("setl_id"), visitID: row.requiredText("mdtrt_id"), personNumber: row.requiredText("psn_no"),
                      total: row.yuan("medfee_sumamt"), fundTotal: row.yuan("fund_pay_sumamt"), personalAccount: row.yuan("acct_pay"),
                      isReversal: row.flag("refd_setl_flag"))
    }

    func write(into row: inout JSONMembers) {
        row["setl_id"] = .string(settlementID)
        row["mdtrt_id"] = .string(visitID)
        row["psn_no"] = .string(personNumber)
        row["medfee_sumamt"] = total.json
        row["fund_pay_sumamt"] = fundTotal.json
        row["acct_pay"] = personalAccount.json
        row["refd_setl_flag"] = isReversal.flagJSON
    }
}

/// 3202 input, `{"data": {...}, "details": [...]}`: the institution's settlements of a period,
/// one by one, with their totals.
///
/// The specification moves the rows as a file uploaded by 9101 and names it by `file_qury_no`;
/// this protocol carries the same rows inline in `details` (Documentation/ConnectorProtocol.md
/// §7.6 says why).
public struct DetailReconciliationInput: InterfaceMessage, Hashable {
    /// `setl_optins`.
    public let settlementAgency: InsuranceArea
    /// The period.
    public let period: ReconciliationPeriod
    /// `medfee_sumamt`.
    public let total: Yuan
    /// `fund_pay_sumamt`.
    public let fundTotal: Yuan
    /// `cash_payamt`.
    public let cash: Yuan
    /// `fixmedins_setl_cnt`.
    public let count: Int
    /// The rows.
    public let rows: [ReconciliationRow]

    /// Creates a detail reconciliation.
    public init(settlementAgency: InsuranceArea, period: ReconciliationPeriod, total: Yuan, fundTotal: Yuan, cash: Yuan, rows: [ReconciliationRow]) {
        self.settlementAgency = settlementAgency
        self.period = period
        self.total = total
        self.fundTotal = fundTotal
        self.cash = cash
        count = rows.count
        self.rows = rows
    }

    package init(json: JSONObjectReader) throws {
        let data = try json.object("data") { $0 }
        let rows = try json.list("details", ReconciliationRow.init(json:))
        let count = try data.wholeNumber("fixmedins_setl_cnt")
        guard count == rows.count else {
            throw ConnectorError(.amountMismatch, "'fixmedins_setl_cnt' says \(count) settlements, the details hold \(rows.count).")
        }
        try self.init(settlementAgency: data.area("setl_optins"), period: ReconciliationPeriod(json: data), total: data.yuan("medfee_sumamt"),
                      fundTotal: data.yuan("fund_pay_sumamt"), cash: data.yuan("cash_payamt"), rows: rows)
    }

    /// The message as the interface's JSON object.
    public var json: JSONValue {
        var data = JSONMembers()
        data["setl_optins"] = settlementAgency.json
        period.write(into: &data)
        data["medfee_sumamt"] = total.json
        data["fund_pay_sumamt"] = fundTotal.json
        data["cash_payamt"] = cash.json
        data["fixmedins_setl_cnt"] = .integer(Int64(count))
        let rows = rows.map { row -> JSONValue in
            var members = JSONMembers(capacity: 8)
            row.write(into: &members)
            return members.object
        }
        return .object(["data": data.object, "details": .array(rows)])
    }
}

/// 3202 output, `{"stmtinfo": {...}, "details": [...]}`: the overall result and, for every
/// settlement either side has, how it compares (the rows of the specification's result file:
/// `stmt_rslt` per row, `msgid`, `memo`).
public struct DetailReconciliationResult: InterfaceMessage, Hashable {
    /// One compared settlement.
    public struct Row: Sendable, Hashable {
        /// The settlement as the platform has it, or as the institution sent it when only the
        /// institution has it.
        public let row: ReconciliationRow
        /// `msgid`: the message that settled it, when the platform has it.
        public let messageID: String?
        /// `stmt_rslt`: balanced, unbalanced (amounts differ), only on the platform, or only at
        /// the institution.
        public let result: ReconciliationResult
        /// `memo`: what differs.
        public let memo: String?

        /// Creates a compared row.
        public init(row: ReconciliationRow, messageID: String?, result: ReconciliationResult, memo: String?) {
            self.row = row
            self.messageID = messageID
            self.result = result
            self.memo = memo
        }
    }

    /// `stmtinfo`.
    public let statement: ReconciliationStatement
    /// Every settlement of the period that either side has, in settlement-id order.
    public let rows: [Row]

    /// Creates a detail answer.
    public init(statement: ReconciliationStatement, rows: [Row]) {
        self.statement = statement
        self.rows = rows
    }

    /// The rows that do not agree.
    public var differences: [Row] { rows.filter { $0.result != .balanced } }

    package init(json: JSONObjectReader) throws {
        try self.init(statement: json.object("stmtinfo", ReconciliationStatement.init(json:)), rows: json.list("details") { row in
            try Row(row: ReconciliationRow(json: row), messageID: row.text("msgid"), result: row.code("stmt_rslt"), memo: row.text("memo"))
        })
    }

    /// The message as the interface's JSON object.
    public var json: JSONValue {
        let rows = rows.map { compared -> JSONValue in
            var members = JSONMembers(capacity: 10)
            compared.row.write(into: &members)
            members["msgid"] = compared.messageID.map(JSONValue.string)
            members["stmt_rslt"] = compared.result.json
            members["memo"] = compared.memo.map(JSONValue.string)
            return members.object
        }
        return .object(["stmtinfo": statement.json, "details": .array(rows)])
    }
}
