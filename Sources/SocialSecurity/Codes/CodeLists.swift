// The code lists of the national dictionary that the transactions of this SDK carry, with the
// values the SDK acts on. Values are the national ones (Documentation/ConnectorProtocol.md §6
// lists them with their sources); provinces may send others, which are kept as they come.

/// `insutype` (险种类型).
public enum InsuranceTypeList: InterfaceCodeList {
    public static let listName = "insutype (险种类型)"
    public static let meanings = ["310": "职工基本医疗保险", "320": "公务员医疗补助", "330": "大额医疗费用补助", "390": "城乡居民基本医疗保险", "392": "城乡居民大病医疗保险", "510": "生育保险"]
}
/// The scheme a person is insured under.
public typealias InsuranceType = InterfaceCode<InsuranceTypeList>
extension InsuranceType {
    /// 310, employees' basic medical insurance: a pooled fund and a personal account.
    public static let employeeBasic = InsuranceType(known: "310")
    /// 390, urban and rural residents' basic medical insurance: a pooled fund, no personal account.
    public static let residentBasic = InsuranceType(known: "390")
}

/// `med_type` (医疗类别).
public enum MedicalTypeList: InterfaceCodeList {
    public static let listName = "med_type (医疗类别)"
    public static let meanings = ["11": "普通门诊", "12": "门诊挂号", "13": "急诊", "14": "门诊慢特病", "21": "普通住院", "41": "定点药店购药"]
}
/// The kind of care a visit is.
public typealias MedicalType = InterfaceCode<MedicalTypeList>
extension MedicalType {
    /// 11, a general outpatient visit.
    public static let generalOutpatient = MedicalType(known: "11")
}

/// `psn_cert_type` (人员证件类型).
public enum CertificateTypeList: InterfaceCodeList {
    public static let listName = "psn_cert_type (人员证件类型)"
    public static let meanings = ["01": "居民身份证（户口簿）", "02": "中国人民解放军军官证", "06": "港澳居民来往内地通行证", "08": "外国人护照"]
}
/// The kind of identity document a person is recorded with.
public typealias CertificateType = InterfaceCode<CertificateTypeList>
extension CertificateType {
    /// 01, the resident identity card (or household register).
    public static let residentIdentityCard = CertificateType(known: "01")
}

/// `opter_type` (经办人类别).
public enum OperatorTypeList: InterfaceCodeList {
    public static let listName = "opter_type (经办人类别)"
    public static let meanings = ["1": "经办人", "2": "自助终端", "3": "移动终端"]
}
/// Who sends a message: a clerk, a self-service kiosk or a mobile terminal.
public typealias OperatorType = InterfaceCode<OperatorTypeList>
extension OperatorType {
    /// 1, a clerk at a counter.
    public static let clerk = OperatorType(known: "1")
    /// 2, a self-service kiosk.
    public static let kiosk = OperatorType(known: "2")
    /// 3, a mobile terminal (a wallet app).
    public static let mobile = OperatorType(known: "3")
}

/// `psn_insu_stas` (人员参保状态).
public enum InsuranceStatusList: InterfaceCodeList {
    public static let listName = "psn_insu_stas (人员参保状态)"
    public static let meanings = ["1": "正常参保", "2": "暂停参保", "4": "终止参保"]
}
/// Whether a person's insurance is in force.
public typealias InsuranceStatus = InterfaceCode<InsuranceStatusList>
extension InsuranceStatus {
    /// 1, insured.
    public static let active = InsuranceStatus(known: "1")
    /// 2, suspended.
    public static let suspended = InsuranceStatus(known: "2")
    /// 4, ended.
    public static let ended = InsuranceStatus(known: "4")
}

/// `psn_setlway` (个人结算方式).
public enum SettlementMethodList: InterfaceCodeList {
    public static let listName = "psn_setlway (个人结算方式)"
    public static let meanings = ["01": "按项目结算", "02": "按定额结算"]
}
/// How a visit is charged.
public typealias SettlementMethod = InterfaceCode<SettlementMethodList>
extension SettlementMethod {
    /// 01, item by item.
    public static let byItem = SettlementMethod(known: "01")
}

/// `clr_type` (清算类别).
public enum ClearingTypeList: InterfaceCodeList {
    public static let listName = "clr_type (清算类别)"
    public static let meanings = ["11": "门诊", "21": "住院", "41": "药店购药", "99": "其他"]
}
/// The clearing category a settlement is reconciled under.
public typealias ClearingType = InterfaceCode<ClearingTypeList>
extension ClearingType {
    /// 11, outpatient.
    public static let outpatient = ClearingType(known: "11")
}

/// `stmt_rslt` (对账结果).
public enum ReconciliationResultList: InterfaceCodeList {
    public static let listName = "stmt_rslt (对账结果)"
    public static let meanings = ["0": "对平", "1": "不平", "2": "医保有机构无", "3": "机构有医保无"]
}
/// Whether two sides of a reconciliation agree.
public typealias ReconciliationResult = InterfaceCode<ReconciliationResultList>
extension ReconciliationResult {
    /// 0, both sides agree.
    public static let balanced = ReconciliationResult(known: "0")
    /// 1, the totals or a row's amounts differ.
    public static let unbalanced = ReconciliationResult(known: "1")
    /// 2, a settlement only the platform has (a detail row).
    public static let onlyOnPlatform = ReconciliationResult(known: "2")
    /// 3, a settlement only the institution has (a detail row).
    public static let onlyAtInstitution = ReconciliationResult(known: "3")
}

/// `fund_pay_type` (基金支付类型).
public enum FundPaymentTypeList: InterfaceCodeList {
    public static let listName = "fund_pay_type (基金支付类型)"
    public static let meanings = ["310100": "职工基本医疗保险统筹基金", "310200": "职工基本医疗保险个人账户基金", "390100": "城乡居民基本医疗保险基金"]
}
/// A fund that pays part of a settlement.
public typealias FundPaymentType = InterfaceCode<FundPaymentTypeList>
extension FundPaymentType {
    /// 310100, the employees' pooled fund.
    public static let employeePooledFund = FundPaymentType(known: "310100")
    /// 310200, the employees' personal accounts.
    public static let employeePersonalAccount = FundPaymentType(known: "310200")
    /// 390100, the residents' fund.
    public static let residentFund = FundPaymentType(known: "390100")
}

/// `chrgitm_lv` (收费项目等级).
public enum ChargeItemLevelList: InterfaceCodeList {
    public static let listName = "chrgitm_lv (收费项目等级)"
    public static let meanings = ["01": "甲类", "02": "乙类", "03": "丙类（自费）"]
}
/// How much of an item the fund covers: all (甲), all but a first self-paid share (乙), nothing (丙).
public typealias ChargeItemLevel = InterfaceCode<ChargeItemLevelList>
extension ChargeItemLevel {
    /// 01, covered in full.
    public static let classA = ChargeItemLevel(known: "01")
    /// 02, covered after a self-paid share.
    public static let classB = ChargeItemLevel(known: "02")
    /// 03, not covered.
    public static let selfPaid = ChargeItemLevel(known: "03")
}

/// `med_chrgitm_type` (医疗收费项目类别).
public enum ChargeItemTypeList: InterfaceCodeList {
    public static let listName = "med_chrgitm_type (医疗收费项目类别)"
    public static let meanings = ["02": "诊察费", "03": "检查费", "04": "化验费", "05": "治疗费", "09": "西药费", "11": "中成药费", "13": "挂号费", "14": "其他费"]
}
/// The kind of a billed item.
public typealias ChargeItemType = InterfaceCode<ChargeItemTypeList>

/// `gend` (性别).
public enum GenderList: InterfaceCodeList {
    public static let listName = "gend (性别)"
    public static let meanings = ["1": "男", "2": "女", "9": "未说明"]
}
/// A person's recorded sex.
public typealias Gender = InterfaceCode<GenderList>
extension Gender {
    /// 1, male.
    public static let male = Gender(known: "1")
    /// 2, female.
    public static let female = Gender(known: "2")
}
