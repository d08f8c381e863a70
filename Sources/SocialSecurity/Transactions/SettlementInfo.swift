import Foundation
import IDCore

/// What the funds of a settlement paid (the `*_pay` members of `setlinfo`).
public struct FundPayments: Sendable, Hashable {
    /// `hifp_pay`: the basic medical insurance's pooled fund (统筹基金).
    public var pooledFund: Yuan
    /// `cvlserv_pay`: the civil servants' subsidy.
    public var civilServantSubsidy: Yuan
    /// `hifes_pay`: an enterprise's supplementary insurance.
    public var enterpriseSupplementary: Yuan
    /// `hifmi_pay`: the residents' serious-illness insurance.
    public var residentSeriousIllness: Yuan
    /// `hifob_pay`: the employees' large-expense subsidy.
    public var employeeLargeExpense: Yuan
    /// `maf_pay`: medical assistance (医疗救助).
    public var medicalAssistance: Yuan
    /// `oth_pay`: other funds.
    public var other: Yuan

    /// Creates the funds' parts; each is zero unless given.
    public init(pooledFund: Yuan = .zero, civilServantSubsidy: Yuan = .zero, enterpriseSupplementary: Yuan = .zero, residentSeriousIllness: Yuan = .zero,
                employeeLargeExpense: Yuan = .zero, medicalAssistance: Yuan = .zero, other: Yuan = .zero) {
        self.pooledFund = pooledFund
        self.civilServantSubsidy = civilServantSubsidy
        self.enterpriseSupplementary = enterpriseSupplementary
        self.residentSeriousIllness = residentSeriousIllness
        self.employeeLargeExpense = employeeLargeExpense
        self.medicalAssistance = medicalAssistance
        self.other = other
    }

    /// Every part, in the order of the members.
    var parts: [Yuan] { [pooledFund, civilServantSubsidy, enterpriseSupplementary, residentSeriousIllness, employeeLargeExpense, medicalAssistance, other] }

    /// `fund_pay_sumamt`: their sum.
    public func total() throws -> Yuan { try Yuan.sum(parts) }

    /// The same parts negated.
    var negated: FundPayments {
        FundPayments(pooledFund: pooledFund.negated, civilServantSubsidy: civilServantSubsidy.negated, enterpriseSupplementary: enterpriseSupplementary.negated,
                     residentSeriousIllness: residentSeriousIllness.negated, employeeLargeExpense: employeeLargeExpense.negated,
                     medicalAssistance: medicalAssistance.negated, other: other.negated)
    }
}

/// `setlinfo`: one settlement (2207), the price of one (2206), or the record of a reversal (2208,
/// every amount negated).
///
/// It only exists if its amounts add up, checked when it is made and when it is read from a
/// platform:
///
/// - `fund_pay_sumamt` = `hifp_pay` + `cvlserv_pay` + `hifes_pay` + `hifmi_pay` + `hifob_pay` +
///   `maf_pay` + `oth_pay`
/// - `psn_part_amt` = `acct_pay` + `acct_mulaid_pay` + `psn_cash_pay`
/// - `medfee_sumamt` = `fund_pay_sumamt` + `psn_part_amt` + `hosp_part_amt`
/// - no amount has the opposite sign of `medfee_sumamt`.
///
/// An answer that breaks one is `invalid-response`; a platform that builds one gets
/// `amount-mismatch`.
public struct SettlementInfo: Sendable, Hashable {
    /// `mdtrt_id`: the visit.
    public let visitID: String
    /// `setl_id`: the settlement (the reversal record's own id for 2208); nil for a 2206 price.
    public let settlementID: String?
    /// `psn_no`.
    public let personNumber: String
    /// `psn_name`.
    public let personName: PersonName
    /// `insutype`.
    public let insuranceType: InsuranceType
    /// `med_type`.
    public let medicalType: MedicalType
    /// `setl_time`.
    public let settledAt: Date
    /// `medfee_sumamt`: the batch's total.
    public let total: Yuan
    /// `fulamt_ownpay_amt`: the part no fund covers.
    public let fullyOwnPay: Yuan
    /// `overlmt_selfpay`: the part above price ceilings.
    public let overLimitSelfPay: Yuan
    /// `preselfpay_amt`: the part paid first by the patient (乙类).
    public let preSelfPay: Yuan
    /// `inscp_scp_amt`: the part within the policy's scope.
    public let withinPolicy: Yuan
    /// `act_pay_dedc`: the deductible this settlement met.
    public let deductible: Yuan
    /// The funds' parts.
    public let funds: FundPayments
    /// `pool_prop_selfpay`: the pooled fund's rate.
    public let pooledFundProportion: Proportion?
    /// `fund_pay_sumamt`.
    public let fundTotal: Yuan
    /// `acct_pay`: the personal account's part.
    public let personalAccount: Yuan
    /// `acct_mulaid_pay`: a family member's account's part (共济).
    public let mutualAidAccount: Yuan
    /// `psn_cash_pay`: what the patient pays in cash.
    public let cash: Yuan
    /// `psn_part_amt`: the person's whole part.
    public let personalTotal: Yuan
    /// `hosp_part_amt`: the institution's part.
    public let hospitalShare: Yuan
    /// `balc`: the personal account's balance after the settlement.
    public let balance: Yuan
    /// `medins_setl_id`: the institution's id of the settlement, the msgid that settled it.
    public let institutionSettlementID: String?
    /// `clr_optins`: the agency that clears it (the insured area).
    public let clearingAgency: InsuranceArea?
    /// `clr_type`.
    public let clearingType: ClearingType?

    /// Creates a settlement from its parts; the totals are their sums. Throws
    /// `amount-mismatch` when `total` is not funds + personal + hospital, or a part has the
    /// opposite sign.
    public init(visitID: String, settlementID: String?, personNumber: String, personName: PersonName, insuranceType: InsuranceType,
                medicalType: MedicalType, settledAt: Date, total: Yuan, fullyOwnPay: Yuan, overLimitSelfPay: Yuan = .zero, preSelfPay: Yuan,
                withinPolicy: Yuan, deductible: Yuan = .zero, funds: FundPayments, pooledFundProportion: Proportion?, personalAccount: Yuan,
                mutualAidAccount: Yuan = .zero, cash: Yuan, hospitalShare: Yuan = .zero, balance: Yuan, institutionSettlementID: String?,
                clearingAgency: InsuranceArea?, clearingType: ClearingType?) throws {
        self.visitID = visitID
        self.settlementID = settlementID
        self.personNumber = personNumber
        self.personName = personName
        self.insuranceType = insuranceType
        self.medicalType = medicalType
        self.settledAt = settledAt
        self.total = total
        self.fullyOwnPay = fullyOwnPay
        self.overLimitSelfPay = overLimitSelfPay
        self.preSelfPay = preSelfPay
        self.withinPolicy = withinPolicy
        self.deductible = deductible
        self.funds = funds
        self.pooledFundProportion = pooledFundProportion
        fundTotal = try funds.total()
        self.personalAccount = personalAccount
        self.mutualAidAccount = mutualAidAccount
        self.cash = cash
        personalTotal = try Yuan.sum([personalAccount, mutualAidAccount, cash])
        self.hospitalShare = hospitalShare
        self.balance = balance
        self.institutionSettlementID = institutionSettlementID
        self.clearingAgency = clearingAgency
        self.clearingType = clearingType
        try checkConsistency()
    }

    /// Refuses parts that do not add up to the total or run against its sign.
    private func checkConsistency() throws {
        let parts = try Yuan.sum([fundTotal, personalTotal, hospitalShare])
        guard parts == total else {
            throw ConnectorError(.amountMismatch, "Settlement \(settlementID ?? visitID): funds \(fundTotal) + person \(personalTotal) + institution \(hospitalShare) = \(parts), not the total \(total).")
        }
        let signed = funds.parts + [personalAccount, mutualAidAccount, cash, hospitalShare, fullyOwnPay, preSelfPay, withinPolicy, overLimitSelfPay]
        guard signed.allSatisfy({ total.fen >= 0 ? $0.fen >= 0 : $0.fen <= 0 }) else {
            throw ConnectorError(.amountMismatch, "Settlement \(settlementID ?? visitID) has parts of the opposite sign to its total \(total).")
        }
    }

    /// Whether this is the record of a reversal (2208): a negative total.
    public var isReversal: Bool { total.fen < 0 }

    /// The reversal record of this settlement: the same visit and person, every amount negated,
    /// under `settlementID`, at `time`, with the personal account's balance after it.
    public func reversal(settlementID: String, at time: Date, balance: Yuan, institutionSettlementID: String) throws -> SettlementInfo {
        try SettlementInfo(visitID: visitID, settlementID: settlementID, personNumber: personNumber, personName: personName, insuranceType: insuranceType,
                           medicalType: medicalType, settledAt: time, total: total.negated, fullyOwnPay: fullyOwnPay.negated,
                           overLimitSelfPay: overLimitSelfPay.negated, preSelfPay: preSelfPay.negated, withinPolicy: withinPolicy.negated,
                           deductible: deductible.negated, funds: funds.negated, pooledFundProportion: pooledFundProportion,
                           personalAccount: personalAccount.negated, mutualAidAccount: mutualAidAccount.negated, cash: cash.negated,
                           hospitalShare: hospitalShare.negated, balance: balance, institutionSettlementID: institutionSettlementID,
                           clearingAgency: clearingAgency, clearingType: clearingType)
    }

    /// The same settlement under its id, at its time, with the balance after it: a
    /// pre-settlement's price becoming the settlement.
    public func settled(settlementID: String, at time: Date, balance: Yuan, institutionSettlementID: String) throws -> SettlementInfo {
        try SettlementInfo(visitID: visitID, settlementID: settlementID, personNumber: personNumber, personName: personName, insuranceType: insuranceType,
                           medicalType: medicalType, settledAt: time, total: total, fullyOwnPay: fullyOwnPay, overLimitSelfPay: overLimitSelfPay,
                           preSelfPay: preSelfPay, withinPolicy: withinPolicy, deductible: deductible, funds: funds,
                           pooledFundProportion: pooledFundProportion, personalAccount: personalAccount, mutualAidAccount: mutualAidAccount, cash: cash,
                           hospitalShare: hospitalShare, balance: balance, institutionSettlementID: institutionSettlementID,
                           clearingAgency: clearingAgency, clearingType: clearingType)
    }

    init(json info: JSONObjectReader) throws {
        try self.init(
            visitID: info.requiredText("mdtrt_id"), settlementID: info.text("setl_id"), personNumber: info.requiredText("psn_no"),
            personName: PersonName(info.requiredText("psn_name")), insuranceType: info.code("insutype"), medicalType: info.code("med_type"),
            settledAt: info.dateTime("setl_time"), total: info.yuan("medfee_sumamt"), fullyOwnPay: info.optionalYuan("fulamt_ownpay_amt") ?? .zero,
            overLimitSelfPay: info.optionalYuan("overlmt_selfpay") ?? .zero, preSelfPay: info.optionalYuan("preselfpay_amt") ?? .zero,
            withinPolicy: info.optionalYuan("inscp_scp_amt") ?? .zero, deductible: info.optionalYuan("act_pay_dedc") ?? .zero,
            funds: FundPayments(
                pooledFund: info.optionalYuan("hifp_pay") ?? .zero, civilServantSubsidy: info.optionalYuan("cvlserv_pay") ?? .zero,
                enterpriseSupplementary: info.optionalYuan("hifes_pay") ?? .zero, residentSeriousIllness: info.optionalYuan("hifmi_pay") ?? .zero,
                employeeLargeExpense: info.optionalYuan("hifob_pay") ?? .zero, medicalAssistance: info.optionalYuan("maf_pay") ?? .zero,
                other: info.optionalYuan("oth_pay") ?? .zero),
            pooledFundProportion: info.optionalProportion("pool_prop_selfpay"), personalAccount: info.yuan("acct_pay"),
            mutualAidAccount: info.optionalYuan("acct_mulaid_pay") ?? .zero, cash: info.yuan("psn_cash_pay"),
            hospitalShare: info.optionalYuan("hosp_part_amt") ?? .zero, balance: info.optionalYuan("balc") ?? .zero,
            institutionSettlementID: info.text("medins_setl_id"), clearingAgency: info.text("clr_optins").map(InsuranceArea.init),
            clearingType: info.optionalCode("clr_type")
        )
        // The stated totals must be the sums of the parts that were read.
        for (name, computed) in [("fund_pay_sumamt", fundTotal), ("psn_part_amt", personalTotal)] {
            if let stated = try info.optionalYuan(name), stated != computed {
                throw ConnectorError(.amountMismatch, "'\(name)' \(stated) is not the sum of its parts, \(computed).")
            }
        }
    }

    var json: JSONValue {
        var info = JSONMembers(capacity: 40)
        info["mdtrt_id"] = .string(visitID)
        info["setl_id"] = settlementID.map(JSONValue.string)
        info["psn_no"] = .string(personNumber)
        info["psn_name"] = JSONValue(personName)
        info["insutype"] = insuranceType.json
        info["med_type"] = medicalType.json
        info["setl_time"] = settledAt.interfaceJSON
        info["medfee_sumamt"] = total.json
        info["fulamt_ownpay_amt"] = fullyOwnPay.json
        info["overlmt_selfpay"] = overLimitSelfPay.json
        info["preselfpay_amt"] = preSelfPay.json
        info["inscp_scp_amt"] = withinPolicy.json
        info["act_pay_dedc"] = deductible.json
        info["hifp_pay"] = funds.pooledFund.json
        info["cvlserv_pay"] = funds.civilServantSubsidy.json
        info["hifes_pay"] = funds.enterpriseSupplementary.json
        info["hifmi_pay"] = funds.residentSeriousIllness.json
        info["hifob_pay"] = funds.employeeLargeExpense.json
        info["maf_pay"] = funds.medicalAssistance.json
        info["oth_pay"] = funds.other.json
        info["pool_prop_selfpay"] = pooledFundProportion?.json
        info["fund_pay_sumamt"] = fundTotal.json
        info["psn_part_amt"] = personalTotal.json
        info["acct_pay"] = personalAccount.json
        info["acct_mulaid_pay"] = mutualAidAccount.json
        info["psn_cash_pay"] = cash.json
        info["hosp_part_amt"] = hospitalShare.json
        info["balc"] = balance.json
        info["medins_setl_id"] = institutionSettlementID.map(JSONValue.string)
        info["clr_optins"] = clearingAgency?.json
        info["clr_type"] = clearingType?.json
        return info.object
    }
}
