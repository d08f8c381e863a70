import IDCore
import SocialSecurity

// 3201 and 3202 against the ledger's records: settlements and reversal records, relayed ones
// included, voided ones not.
extension PlatformLedger {
    func reconcileTotals(_ input: TotalsReconciliationInput, context: InterfaceContext) throws -> TotalsReconciliationResult {
        let records = records(of: context.partner.code, period: input.period, insuranceType: input.insuranceType, clearingType: input.clearingType,
                              agency: input.settlementAgency).map(\.info)
        var differences: [String] = []
        func compare(_ name: String, institution: Yuan, platform: Yuan) {
            if institution != platform { differences.append("\(name): institution \(institution), platform \(platform)") }
        }
        compare("medfee_sumamt", institution: input.total, platform: try Yuan.sum(records.map(\.total)))
        compare("fund_pay_sumamt", institution: input.fundTotal, platform: try Yuan.sum(records.map(\.fundTotal)))
        compare("acct_pay", institution: input.personalAccount, platform: try Yuan.sum(records.map(\.personalAccount)))
        if input.count != records.count { differences.append("fixmedins_setl_cnt: institution \(input.count), platform \(records.count)") }
        return TotalsReconciliationResult(statement: Self.statement(agency: input.settlementAgency, differences: differences, records: records.count))
    }

    func reconcileDetails(_ input: DetailReconciliationInput, context: InterfaceContext) throws -> DetailReconciliationResult {
        let platform = records(of: context.partner.code, period: input.period, insuranceType: nil, clearingType: nil, agency: input.settlementAgency)
        let ours = Dictionary(platform.compactMap { record in record.info.settlementID.map { ($0, record) } }, uniquingKeysWith: { first, _ in first })
        var theirs: [String: ReconciliationRow] = [:]
        for row in input.rows {
            guard theirs.updateValue(row, forKey: row.settlementID) == nil else {
                throw ConnectorError(.malformedRequest, "Settlement \(row.settlementID) is listed twice.")
            }
        }
        var rows: [DetailReconciliationResult.Row] = []
        for id in Set(ours.keys).union(theirs.keys).sorted() {
            switch (ours[id], theirs[id]) {
            case let (record?, row?):
                let platformRow = try ReconciliationRow(record.info)
                let memo = Self.differences(institution: row, platform: platformRow)
                rows.append(.init(row: platformRow, messageID: record.messageID, result: memo == nil ? .balanced : .unbalanced, memo: memo))
            case let (record?, nil):
                rows.append(.init(row: try ReconciliationRow(record.info), messageID: record.messageID, result: .onlyOnPlatform,
                                  memo: "The platform has this settlement; the institution does not."))
            case let (nil, row?):
                rows.append(.init(row: row, messageID: nil, result: .onlyAtInstitution, memo: "The institution has this settlement; the platform does not."))
            case (nil, nil):
                continue
            }
        }
        var differences = rows.filter { $0.result != .balanced }.map { "\($0.row.settlementID): \($0.memo ?? "")" }
        let infos = platform.map(\.info)
        if input.total != (try Yuan.sum(infos.map(\.total))) { differences.append("medfee_sumamt differs") }
        if input.fundTotal != (try Yuan.sum(infos.map(\.fundTotal))) { differences.append("fund_pay_sumamt differs") }
        if input.cash != (try Yuan.sum(infos.map(\.cash))) { differences.append("cash_payamt differs") }
        return DetailReconciliationResult(statement: Self.statement(agency: input.settlementAgency, differences: differences, records: infos.count), rows: rows)
    }

    private static func statement(agency: InsuranceArea, differences: [String], records: Int) -> ReconciliationStatement {
        ReconciliationStatement(settlementAgency: agency, result: differences.isEmpty ? .balanced : .unbalanced,
                                explanation: differences.isEmpty ? "对平: \(records) settlement records agree." : differences.joined(separator: "; "))
    }

    /// What differs between the two sides' row of one settlement, or nil.
    private static func differences(institution: ReconciliationRow, platform: ReconciliationRow) -> String? {
        var fields: [String] = []
        if institution.visitID != platform.visitID { fields.append("mdtrt_id") }
        if institution.personNumber != platform.personNumber { fields.append("psn_no") }
        if institution.total != platform.total { fields.append("medfee_sumamt \(institution.total) ≠ \(platform.total)") }
        if institution.fundTotal != platform.fundTotal { fields.append("fund_pay_sumamt \(institution.fundTotal) ≠ \(platform.fundTotal)") }
        if institution.personalAccount != platform.personalAccount { fields.append("acct_pay \(institution.personalAccount) ≠ \(platform.personalAccount)") }
        if institution.isReversal != platform.isReversal { fields.append("refd_setl_flag") }
        return fields.isEmpty ? nil : "Differs in " + fields.joined(separator: ", ") + "."
    }
}
