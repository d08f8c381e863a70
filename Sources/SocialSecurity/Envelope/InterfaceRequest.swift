import Foundation
import IDCore

/// The national interface's request envelope (交易输入 with its 公共参数): which transaction, which
/// message, from which institution and operator, for which areas, and the transaction's `input`.
///
/// The members are the specification's: `infno`, `msgid`, `mdtrtarea_admvs`, `insuplc_admdvs`,
/// `recer_sys_code`, `dev_no`, `dev_safe_info`, `cainfo`, `signtype`, `infver`, `opter_type`,
/// `opter`, `opter_name`, `inf_time`, `fixmedins_code`, `fixmedins_name`, `sign_no`, `input`.
/// How this SDK fills `signtype` and `cainfo`, which the specification leaves to each province,
/// is in Documentation/ConnectorProtocol.md §3.
public struct InterfaceRequest: Sendable, Hashable {
    /// `infno`: the transaction.
    public var transaction: InterfaceTransaction
    /// `msgid`: the message's id, its idempotency key.
    public var messageID: MessageID
    /// `mdtrtarea_admvs`: the place of treatment, whose platform the institution talks to.
    public var treatmentArea: InsuranceArea
    /// `insuplc_admdvs`: the patient's place of insurance (from 1101), for messages about a person.
    public var insuredArea: InsuranceArea?
    /// `recer_sys_code`: the receiving system, as the platform assigned it.
    public var receiverSystem: String
    /// `dev_no`: the device, where the province asks for one.
    public var deviceNumber: String?
    /// `signtype`: the signature algorithm of the request (`SM2`, `ES256`, `EdDSA`).
    public var signatureType: String
    /// `cainfo`: the key id the request is signed with.
    public var signatureKeyID: String
    /// `infver`: the interface version, `V1.0`.
    public var interfaceVersion: String
    /// `opter_type`: a clerk, a kiosk or a mobile terminal.
    public var operatorType: OperatorType
    /// `opter`: the operator's code.
    public var operatorCode: String
    /// `opter_name`: the operator's name.
    public var operatorName: String
    /// `inf_time`: when the message was made.
    public var time: Date
    /// `fixmedins_code`: the sending institution.
    public var institution: InstitutionCode
    /// `fixmedins_name`: its name.
    public var institutionName: String
    /// `sign_no`: the operator's sign-in number (9001); absent only when signing in.
    public var signInNumber: String?
    /// `input`: the transaction's own members.
    public var input: JSONValue

    /// Creates an envelope.
    public init(
        transaction: InterfaceTransaction, messageID: MessageID, treatmentArea: InsuranceArea, insuredArea: InsuranceArea?,
        receiverSystem: String, deviceNumber: String? = nil, signatureType: String, signatureKeyID: String, interfaceVersion: String = "V1.0",
        operatorType: OperatorType, operatorCode: String, operatorName: String, time: Date, institution: InstitutionCode,
        institutionName: String, signInNumber: String?, input: JSONValue
    ) {
        self.transaction = transaction
        self.messageID = messageID
        self.treatmentArea = treatmentArea
        self.insuredArea = insuredArea
        self.receiverSystem = receiverSystem
        self.deviceNumber = deviceNumber
        self.signatureType = signatureType
        self.signatureKeyID = signatureKeyID
        self.interfaceVersion = interfaceVersion
        self.operatorType = operatorType
        self.operatorCode = operatorCode
        self.operatorName = operatorName
        self.time = time
        self.institution = institution
        self.institutionName = institutionName
        self.signInNumber = signInNumber
        self.input = input
    }

    /// Reads an envelope; a missing, malformed or inconsistent member throws `malformed-request`
    /// naming it (the message id must be the institution's own).
    package init(json: JSONObjectReader) throws {
        transaction = try json.transaction("infno")
        messageID = try json.messageID("msgid")
        treatmentArea = try json.area("mdtrtarea_admvs")
        insuredArea = try json.text("insuplc_admdvs").map(InsuranceArea.init)
        receiverSystem = try json.text("recer_sys_code") ?? ""
        deviceNumber = try json.text("dev_no")
        signatureType = try json.requiredText("signtype")
        signatureKeyID = try json.requiredText("cainfo")
        interfaceVersion = try json.requiredText("infver")
        operatorType = try json.code("opter_type")
        operatorCode = try json.requiredText("opter")
        operatorName = try json.requiredText("opter_name")
        time = try json.dateTime("inf_time")
        institution = try InstitutionCode(json.requiredText("fixmedins_code"))
        institutionName = try json.requiredText("fixmedins_name")
        signInNumber = try json.text("sign_no")
        input = try json.value("input")
        guard messageID.institution == institution else {
            throw ConnectorError(.malformedRequest, "The message id \(messageID) is not one of institution \(institution)'s.")
        }
    }

    /// The envelope as a JSON object; absent optional members are left out.
    package var json: JSONValue { JSONMembers(members).object }

    /// The members, listed in the order of their names so that the object needs no sorting.
    private var members: KeyValuePairs<String, JSONValue?> {
        [
            "cainfo": .string(signatureKeyID),
            "dev_no": deviceNumber.map(JSONValue.string),
            "fixmedins_code": .string(institution.code),
            "fixmedins_name": .string(institutionName),
            "inf_time": time.interfaceJSON,
            "infno": .string(transaction.rawValue),
            "infver": .string(interfaceVersion),
            "input": input,
            "insuplc_admdvs": insuredArea?.json,
            "mdtrtarea_admvs": treatmentArea.json,
            "msgid": messageID.json,
            "opter": .string(operatorCode),
            "opter_name": .string(operatorName),
            "opter_type": operatorType.json,
            "recer_sys_code": .string(receiverSystem),
            "sign_no": signInNumber.map(JSONValue.string),
            "signtype": .string(signatureType),
        ]
    }
}
