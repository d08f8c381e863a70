import Foundation
import IDCore

/// One fee line of a visit (`feedetail` of 2204): an item from the national catalogue, how many
/// and at what price, in a charge batch.
public struct FeeDetail: Sendable, Hashable {
    /// `feedetl_sn`: the line's serial number, unique within the visit.
    public let serialNumber: String
    /// `mdtrt_id`: the visit.
    public let visitID: String
    /// `psn_no`: the person.
    public let personNumber: String
    /// `chrg_bchno`: the charge batch the line is settled in (收费批次号).
    public let chargeBatch: String
    /// `rxno`: the prescription, for a drug.
    public let prescriptionNumber: String?
    /// `fee_ocur_time`: when the fee arose.
    public let incurredAt: Date
    /// `med_list_codg`: the item's code in the national catalogue (医疗目录编码).
    public let catalogueCode: String
    /// `medins_list_codg`: the institution's own code for it.
    public let institutionCatalogueCode: String
    /// `cnt`.
    public let quantity: FeeQuantity
    /// `pric`.
    public let unitPrice: UnitPrice
    /// `det_item_fee_sumamt`: quantity × unit price, rounded half up to the fen.
    public let total: Yuan
    /// `bilg_dept_codg`, `bilg_dept_name`: the department that billed it.
    public let billingDepartmentCode: String
    /// The billing department's name.
    public let billingDepartmentName: String
    /// `bilg_dr_codg`, `bilg_dr_name`: the doctor who billed it.
    public let billingDoctorCode: String
    /// The billing doctor's name.
    public let billingDoctorName: String

    /// Creates a line; its total is computed from the quantity and the price.
    public init(serialNumber: String, visitID: String, personNumber: String, chargeBatch: String, prescriptionNumber: String? = nil, incurredAt: Date,
                catalogueCode: String, institutionCatalogueCode: String, quantity: FeeQuantity, unitPrice: UnitPrice,
                billingDepartmentCode: String, billingDepartmentName: String, billingDoctorCode: String, billingDoctorName: String) throws {
        try self.init(serialNumber: serialNumber, visitID: visitID, personNumber: personNumber, chargeBatch: chargeBatch,
                      prescriptionNumber: prescriptionNumber, incurredAt: incurredAt, catalogueCode: catalogueCode,
                      institutionCatalogueCode: institutionCatalogueCode, quantity: quantity, unitPrice: unitPrice,
                      total: unitPrice.total(for: quantity), billingDepartmentCode: billingDepartmentCode, billingDepartmentName: billingDepartmentName,
                      billingDoctorCode: billingDoctorCode, billingDoctorName: billingDoctorName)
    }

    /// A line with the total it was sent with, which a platform checks against quantity × price.
    init(serialNumber: String, visitID: String, personNumber: String, chargeBatch: String, prescriptionNumber: String?, incurredAt: Date,
         catalogueCode: String, institutionCatalogueCode: String, quantity: FeeQuantity, unitPrice: UnitPrice, total: Yuan,
         billingDepartmentCode: String, billingDepartmentName: String, billingDoctorCode: String, billingDoctorName: String) {
        self.serialNumber = serialNumber
        self.visitID = visitID
        self.personNumber = personNumber
        self.chargeBatch = chargeBatch
        self.prescriptionNumber = prescriptionNumber
        self.incurredAt = incurredAt
        self.catalogueCode = catalogueCode
        self.institutionCatalogueCode = institutionCatalogueCode
        self.quantity = quantity
        self.unitPrice = unitPrice
        self.total = total
        self.billingDepartmentCode = billingDepartmentCode
        self.billingDepartmentName = billingDepartmentName
        self.billingDoctorCode = billingDoctorCode
        self.billingDoctorName = billingDoctorName
    }

    /// The same item in a new batch with a new serial number and `quantity` units: what a
    /// partial refund settles again.
    public func reissued(serialNumber: String, chargeBatch: String, quantity: FeeQuantity) throws -> FeeDetail {
        try FeeDetail(serialNumber: serialNumber, visitID: visitID, personNumber: personNumber, chargeBatch: chargeBatch,
                      prescriptionNumber: prescriptionNumber, incurredAt: incurredAt, catalogueCode: catalogueCode,
                      institutionCatalogueCode: institutionCatalogueCode, quantity: quantity, unitPrice: unitPrice,
                      billingDepartmentCode: billingDepartmentCode, billingDepartmentName: billingDepartmentName,
                      billingDoctorCode: billingDoctorCode, billingDoctorName: billingDoctorName)
    }

    init(json row: JSONObjectReader) throws {
        try self.init(serialNumber: row.requiredText("feedetl_sn"), visitID: row.requiredText("mdtrt_id"), personNumber: row.requiredText("psn_no"),
                      chargeBatch: row.requiredText("chrg_bchno"), prescriptionNumber: row.text("rxno"), incurredAt: row.dateTime("fee_ocur_time"),
                      catalogueCode: row.requiredText("med_list_codg"), institutionCatalogueCode: row.requiredText("medins_list_codg"),
                      quantity: row.quantity("cnt"), unitPrice: row.unitPrice("pric"), total: row.yuan("det_item_fee_sumamt"),
                      billingDepartmentCode: row.requiredText("bilg_dept_codg"), billingDepartmentName: row.requiredText("bilg_dept_name"),
                      billingDoctorCode: row.requiredText("bilg_dr_codg"), billingDoctorName: row.requiredText("bilg_dr_name"))
    }

    var json: JSONValue {
        var row = JSONMembers(capacity: 20)
        row["feedetl_sn"] = .string(serialNumber)
        row["mdtrt_id"] = .string(visitID)
        row["psn_no"] = .string(personNumber)
        row["chrg_bchno"] = .string(chargeBatch)
        row["rxno"] = prescriptionNumber.map(JSONValue.string)
        row["rx_circ_flag"] = false.flagJSON
        row["fee_ocur_time"] = incurredAt.interfaceJSON
        row["med_list_codg"] = .string(catalogueCode)
        row["medins_list_codg"] = .string(institutionCatalogueCode)
        row["det_item_fee_sumamt"] = total.json
        row["cnt"] = quantity.json
        row["pric"] = unitPrice.json
        row["bilg_dept_codg"] = .string(billingDepartmentCode)
        row["bilg_dept_name"] = .string(billingDepartmentName)
        row["bilg_dr_codg"] = .string(billingDoctorCode)
        row["bilg_dr_name"] = .string(billingDoctorName)
        return row.object
    }
}

/// 2204 input, `{"feedetail": [...]}`: fee lines to upload.
public struct FeeDetailUpload: InterfaceMessage, Hashable {
    /// The lines.
    public let lines: [FeeDetail]

    /// Creates an upload.
    public init(lines: [FeeDetail]) {
        self.lines = lines
    }

    package init(json: JSONObjectReader) throws {
        try self.init(lines: json.list("feedetail", FeeDetail.init(json:)))
    }

    /// The message as the interface's JSON object.
    public var json: JSONValue { .object(["feedetail": .array(lines.map(\.json))]) }
}

/// 2204 output, `{"result": [...]}`: how the platform classified each line.
public struct FeeDetailUploadResult: InterfaceMessage, Hashable {
    /// One `result` row.
    public struct Line: Sendable, Hashable {
        /// `feedetl_sn`.
        public let serialNumber: String
        /// `det_item_fee_sumamt`.
        public let total: Yuan
        /// `cnt`.
        public let quantity: FeeQuantity
        /// `pric`.
        public let unitPrice: UnitPrice
        /// `selfpay_prop`: the share the patient pays first (乙类).
        public let selfPayProportion: Proportion?
        /// `fulamt_ownpay_amt`: the part not covered at all.
        public let fullyOwnPay: Yuan
        /// `overlmt_amt`: the part above the price ceiling.
        public let overLimit: Yuan
        /// `preselfpay_amt`: the part paid first by the patient.
        public let preSelfPay: Yuan
        /// `inscp_scp_amt`: the part within the policy's scope.
        public let withinPolicy: Yuan
        /// `chrgitm_lv`.
        public let chargeItemLevel: ChargeItemLevel
        /// `med_chrgitm_type`.
        public let chargeItemType: ChargeItemType
        /// `memo`.
        public let memo: String?

        /// Creates a classified line.
        public init(serialNumber: String, total: Yuan, quantity: FeeQuantity, unitPrice: UnitPrice, selfPayProportion: Proportion?,
                    fullyOwnPay: Yuan, overLimit: Yuan, preSelfPay: Yuan, withinPolicy: Yuan, chargeItemLevel: ChargeItemLevel,
                    chargeItemType: ChargeItemType, memo: String? = nil) {
            self.serialNumber = serialNumber
            self.total = total
            self.quantity = quantity
            self.unitPrice = unitPrice
            self.selfPayProportion = selfPayProportion
            self.fullyOwnPay = fullyOwnPay
            self.overLimit = overLimit
            self.preSelfPay = preSelfPay
            self.withinPolicy = withinPolicy
            self.chargeItemLevel = chargeItemLevel
            self.chargeItemType = chargeItemType
            self.memo = memo
        }
    }

    /// The rows, one per uploaded line.
    public let lines: [Line]

    /// Creates an upload answer.
    public init(lines: [Line]) {
        self.lines = lines
    }

    package init(json: JSONObjectReader) throws {
        try self.init(lines: json.list("result") { row in
            try Line(serialNumber: row.requiredText("feedetl_sn"), total: row.yuan("det_item_fee_sumamt"), quantity: row.quantity("cnt"),
                     unitPrice: row.unitPrice("pric"), selfPayProportion: row.optionalProportion("selfpay_prop"),
                     fullyOwnPay: row.optionalYuan("fulamt_ownpay_amt") ?? .zero, overLimit: row.optionalYuan("overlmt_amt") ?? .zero,
                     preSelfPay: row.optionalYuan("preselfpay_amt") ?? .zero, withinPolicy: row.optionalYuan("inscp_scp_amt") ?? .zero,
                     chargeItemLevel: row.code("chrgitm_lv"), chargeItemType: row.code("med_chrgitm_type"), memo: row.text("memo"))
        })
    }

    /// The message as the interface's JSON object.
    public var json: JSONValue {
        .object(["result": .array(lines.map { line in
            var row = JSONMembers()
            row["feedetl_sn"] = .string(line.serialNumber)
            row["det_item_fee_sumamt"] = line.total.json
            row["cnt"] = line.quantity.json
            row["pric"] = line.unitPrice.json
            row["selfpay_prop"] = line.selfPayProportion?.json
            row["fulamt_ownpay_amt"] = line.fullyOwnPay.json
            row["overlmt_amt"] = line.overLimit.json
            row["preselfpay_amt"] = line.preSelfPay.json
            row["inscp_scp_amt"] = line.withinPolicy.json
            row["chrgitm_lv"] = line.chargeItemLevel.json
            row["med_chrgitm_type"] = line.chargeItemType.json
            row["memo"] = line.memo.map(JSONValue.string)
            return row.object
        })])
    }
}

/// 2205 input, `{"data": {"mdtrt_id", "chrg_bchno", "psn_no"}}`: withdraws the unsettled lines of a
/// charge batch (`0000` for every unsettled line of the visit). The answer is empty.
public struct FeeDetailCancellation: InterfaceMessage, Hashable {
    /// The batch number that names every unsettled line of the visit.
    public static let allUnsettledBatches = "0000"

    /// `mdtrt_id`.
    public let visitID: String
    /// `chrg_bchno`, or ``allUnsettledBatches``.
    public let chargeBatch: String
    /// `psn_no`.
    public let personNumber: String

    /// Creates a cancellation.
    public init(visitID: String, chargeBatch: String, personNumber: String) {
        self.visitID = visitID
        self.chargeBatch = chargeBatch
        self.personNumber = personNumber
    }

    package init(json: JSONObjectReader) throws {
        let data = try json.object("data") { $0 }
        try self.init(visitID: data.requiredText("mdtrt_id"), chargeBatch: data.requiredText("chrg_bchno"), personNumber: data.requiredText("psn_no"))
    }

    /// The message as the interface's JSON object.
    public var json: JSONValue {
        .object(["data": .object(["mdtrt_id": .string(visitID), "chrg_bchno": .string(chargeBatch), "psn_no": .string(personNumber)])])
    }
}
