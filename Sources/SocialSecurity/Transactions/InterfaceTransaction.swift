/// The transactions of the national interface for designated medical institutions (定点医药机构
/// 接口规范 V1.0) that this SDK speaks, by their four-digit `infno`.
public enum InterfaceTransaction: String, Sendable, Hashable, CaseIterable, Codable, CustomStringConvertible {
    /// 9001 签到: an operator signs in and receives the `sign_no` every later message carries.
    case signIn = "9001"
    /// 9002 签退: the operator signs out; the `sign_no` ends.
    case signOut = "9002"
    /// 1101 人员信息获取: the person behind an e-voucher, identity card or social-security card,
    /// with their insurance records and place of insurance.
    case personInfo = "1101"
    /// 2201 门诊挂号: registers an outpatient visit and receives its `mdtrt_id`.
    case registration = "2201"
    /// 2202 门诊挂号撤销: cancels a registration with nothing settled.
    case registrationCancellation = "2202"
    /// 2203 门诊就诊信息上传: the visit's medical type, diagnoses and doctor.
    case visitInformation = "2203"
    /// 2204 门诊费用明细信息上传: the visit's fee lines, each with its serial number.
    case feeDetailUpload = "2204"
    /// 2205 门诊费用明细信息撤销: withdraws a charge batch's unsettled fee lines.
    case feeDetailCancellation = "2205"
    /// 2206 门诊预结算: the split a settlement would make, with nothing paid.
    case preSettlement = "2206"
    /// 2207 门诊结算: settles a charge batch: the funds, the personal account and cash.
    case settlement = "2207"
    /// 2208 门诊结算撤销: reverses a whole settlement, paying every share back once.
    case settlementReversal = "2208"
    /// 2601 冲正交易: undoes an earlier message by its id, whether or not it arrived.
    case messageReversal = "2601"
    /// 3201 医药机构费用结算对总账: compares the totals of a period.
    case totalsReconciliation = "3201"
    /// 3202 医药机构费用结算对明细账: compares a period's settlements one by one.
    case detailReconciliation = "3202"

    /// Whether the message changes the platform's state, so that its id is an idempotency key:
    /// sent again, it is answered as the first time and applied once.
    public var isStateChanging: Bool {
        switch self {
        case .personInfo, .preSettlement, .totalsReconciliation, .detailReconciliation: false
        default: true
        }
    }

    /// Whether a 2601 may undo the message (Documentation/ConnectorProtocol.md §7.4).
    public var isReversibleByMessage: Bool {
        switch self {
        case .registration, .feeDetailUpload, .settlement, .settlementReversal: true
        default: false
        }
    }

    /// Whether the message needs an operator's `sign_no` (everything but signing in).
    public var requiresSignIn: Bool { self != .signIn }

    /// The Chinese name the specification gives the transaction.
    public var chineseName: String {
        switch self {
        case .signIn: "签到"
        case .signOut: "签退"
        case .personInfo: "人员信息获取"
        case .registration: "门诊挂号"
        case .registrationCancellation: "门诊挂号撤销"
        case .visitInformation: "门诊就诊信息上传"
        case .feeDetailUpload: "门诊费用明细信息上传"
        case .feeDetailCancellation: "门诊费用明细信息撤销"
        case .preSettlement: "门诊预结算"
        case .settlement: "门诊结算"
        case .settlementReversal: "门诊结算撤销"
        case .messageReversal: "冲正交易"
        case .totalsReconciliation: "医药机构费用结算对总账"
        case .detailReconciliation: "医药机构费用结算对明细账"
        }
    }

    /// `2207 门诊结算`.
    public var description: String { "\(rawValue) \(chineseName)" }
}
