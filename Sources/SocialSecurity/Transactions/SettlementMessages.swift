import Foundation
import IDCore

/// 2206 and 2207 input, `{"data": {...}}`: settle (or, for 2206, price) a visit's charge batch.
///
/// A visit's charge batch is settled once: the platform keys a settlement by the institution,
/// the visit and the batch, so a second 2207 for them, from this cashier or another, answers
/// `already-settled` with the first settlement instead of paying again.
public struct SettlementInput: InterfaceMessage, Hashable {
    /// The amounts a 2207 repeats from the 2206 it follows, which the platform checks.
    public struct PreSettledAmounts: Sendable, Hashable {
        /// `fulamt_ownpay_amt`.
        public let fullyOwnPay: Yuan
        /// `overlmt_selfpay`.
        public let overLimitSelfPay: Yuan
        /// `preselfpay_amt`.
        public let preSelfPay: Yuan
        /// `inscp_scp_amt`.
        public let withinPolicy: Yuan

        /// Creates the repeated amounts.
        public init(fullyOwnPay: Yuan, overLimitSelfPay: Yuan, preSelfPay: Yuan, withinPolicy: Yuan) {
            self.fullyOwnPay = fullyOwnPay
            self.overLimitSelfPay = overLimitSelfPay
            self.preSelfPay = preSelfPay
            self.withinPolicy = withinPolicy
        }

        /// The amounts of a pre-settlement's answer.
        public init(_ preSettlement: SettlementInfo) {
            self.init(fullyOwnPay: preSettlement.fullyOwnPay, overLimitSelfPay: preSettlement.overLimitSelfPay,
                      preSelfPay: preSettlement.preSelfPay, withinPolicy: preSettlement.withinPolicy)
        }
    }

    /// `psn_no`.
    public let personNumber: String
    /// `mdtrt_cert_type`, `mdtrt_cert_no`.
    public let credential: MedicalCredential
    /// `med_type`.
    public let medicalType: MedicalType
    /// `medfee_sumamt`: the batch's total, which must equal the sum of its lines.
    public let total: Yuan
    /// `psn_setlway`.
    public let settlementMethod: SettlementMethod
    /// `mdtrt_id`: the visit.
    public let visitID: String
    /// `chrg_bchno`: the charge batch.
    public let chargeBatch: String
    /// `acct_used_flag`: whether the personal account pays its part.
    public let usesPersonalAccount: Bool
    /// `insutype`.
    public let insuranceType: InsuranceType
    /// `invono`: the invoice, for 2207.
    public let invoiceNumber: String?
    /// What a 2207 repeats from its 2206; nil for a 2206.
    public let preSettled: PreSettledAmounts?

    /// Creates a (pre-)settlement.
    public init(personNumber: String, credential: MedicalCredential, medicalType: MedicalType = .generalOutpatient, total: Yuan,
                settlementMethod: SettlementMethod = .byItem, visitID: String, chargeBatch: String, usesPersonalAccount: Bool = true,
                insuranceType: InsuranceType, invoiceNumber: String? = nil, preSettled: PreSettledAmounts? = nil) {
        self.personNumber = personNumber
        self.credential = credential
        self.medicalType = medicalType
        self.total = total
        self.settlementMethod = settlementMethod
        self.visitID = visitID
        self.chargeBatch = chargeBatch
        self.usesPersonalAccount = usesPersonalAccount
        self.insuranceType = insuranceType
        self.invoiceNumber = invoiceNumber
        self.preSettled = preSettled
    }

    package init(json: JSONObjectReader) throws {
        let data = try json.object("data") { $0 }
        let preSettled: PreSettledAmounts? = try data.optionalYuan("inscp_scp_amt").map { withinPolicy in
            try PreSettledAmounts(fullyOwnPay: data.optionalYuan("fulamt_ownpay_amt") ?? .zero, overLimitSelfPay: data.optionalYuan("overlmt_selfpay") ?? .zero,
                                  preSelfPay: data.optionalYuan("preselfpay_amt") ?? .zero, withinPolicy: withinPolicy)
        }
        try self.init(personNumber: data.requiredText("psn_no"), credential: MedicalCredential(json: data), medicalType: data.code("med_type"),
                      total: data.yuan("medfee_sumamt"), settlementMethod: data.code("psn_setlway"), visitID: data.requiredText("mdtrt_id"),
                      chargeBatch: data.requiredText("chrg_bchno"), usesPersonalAccount: data.flag("acct_used_flag"),
                      insuranceType: data.code("insutype"), invoiceNumber: data.text("invono"), preSettled: preSettled)
    }

    /// The message as the interface's JSON object.
    public var json: JSONValue {
        var data = JSONMembers()
        data["psn_no"] = .string(personNumber)
        credential.write(into: &data)
        data["med_type"] = medicalType.json
        data["medfee_sumamt"] = total.json
        data["psn_setlway"] = settlementMethod.json
        data["mdtrt_id"] = .string(visitID)
        data["chrg_bchno"] = .string(chargeBatch)
        data["acct_used_flag"] = usesPersonalAccount.flagJSON
        data["insutype"] = insuranceType.json
        data["invono"] = invoiceNumber.map(JSONValue.string)
        if let preSettled {
            data["fulamt_ownpay_amt"] = preSettled.fullyOwnPay.json
            data["overlmt_selfpay"] = preSettled.overLimitSelfPay.json
            data["preselfpay_amt"] = preSettled.preSelfPay.json
            data["inscp_scp_amt"] = preSettled.withinPolicy.json
        }
        return .object(["data": data.object])
    }
}

/// 2206, 2207 and 2208 output, `{"setlinfo": {...}, "setldetail": [...]}`: a settlement (or a
/// pre-settlement's price, or a reversal record) and what each fund paid.
public struct SettlementResult: InterfaceMessage, Hashable {
    /// `setlinfo`.
    public let info: SettlementInfo
    /// `setldetail`: each fund's part.
    public let fundShares: [FundShare]

    /// Creates a settlement answer.
    public init(info: SettlementInfo, fundShares: [FundShare]) {
        self.info = info
        self.fundShares = fundShares
    }

    package init(json: JSONObjectReader) throws {
        try self.init(info: json.object("setlinfo", SettlementInfo.init(json:)), fundShares: json.list("setldetail", FundShare.init(json:)))
    }

    /// The message as the interface's JSON object.
    public var json: JSONValue { .object(["setlinfo": info.json, "setldetail": .array(fundShares.map(\.json))]) }
}

/// One `setldetail` row: what one fund paid.
public struct FundShare: Sendable, Hashable {
    /// `fund_pay_type`.
    public let type: FundPaymentType
    /// `fund_pay_type_name`.
    public let name: String?
    /// `inscp_scp_amt`: the part within the policy's scope this fund considered.
    public let withinPolicy: Yuan
    /// `crt_payb_lmt_amt`: what the fund could still pay this time.
    public let payableLimit: Yuan?
    /// `fund_payamt`: what it paid.
    public let amount: Yuan

    /// Creates a fund's part.
    public init(type: FundPaymentType, name: String? = nil, withinPolicy: Yuan, payableLimit: Yuan? = nil, amount: Yuan) {
        self.type = type
        self.name = name
        self.withinPolicy = withinPolicy
        self.payableLimit = payableLimit
        self.amount = amount
    }

    init(json row: JSONObjectReader) throws {
        try self.init(type: row.code("fund_pay_type"), name: row.text("fund_pay_type_name"), withinPolicy: row.optionalYuan("inscp_scp_amt") ?? .zero,
                      payableLimit: row.optionalYuan("crt_payb_lmt_amt"), amount: row.yuan("fund_payamt"))
    }

    var json: JSONValue {
        var row = JSONMembers()
        row["fund_pay_type"] = type.json
        row["fund_pay_type_name"] = name.map(JSONValue.string)
        row["inscp_scp_amt"] = withinPolicy.json
        row["crt_payb_lmt_amt"] = payableLimit?.json
        row["fund_payamt"] = amount.json
        return row.object
    }

    /// The same part with its amounts' signs changed, for a reversal record.
    package var negated: FundShare {
        FundShare(type: type, name: name, withinPolicy: withinPolicy.negated, payableLimit: payableLimit, amount: amount.negated)
    }
}

/// 2208 input, `{"data": {"setl_id", "mdtrt_id", "psn_no"}}`: reverses a whole settlement. The
/// answer is the reversal record: a settlement of its own id with every amount negated.
public struct SettlementReversalInput: InterfaceMessage, Hashable {
    /// `setl_id`: the settlement to reverse.
    public let settlementID: String
    /// `mdtrt_id`: its visit.
    public let visitID: String
    /// `psn_no`.
    public let personNumber: String

    /// Creates a reversal.
    public init(settlementID: String, visitID: String, personNumber: String) {
        self.settlementID = settlementID
        self.visitID = visitID
        self.personNumber = personNumber
    }

    package init(json: JSONObjectReader) throws {
        let data = try json.object("data") { $0 }
        try self.init(settlementID: data.requiredText("setl_id"), visitID: data.requiredText("mdtrt_id"), personNumber: data.requiredText("psn_no"))
    }

    /// The message as the interface's JSON object.
    public var json: JSONValue {
        .object(["data": .object(["setl_id": .string(settlementID), "mdtrt_id": .string(visitID), "psn_no": .string(personNumber)])])
    }
}
