import Foundation
import IDCore

/// 2201 input, `{"data": {...}}`: an outpatient registration.
public struct RegistrationInput: InterfaceMessage, Hashable {
    /// `psn_no`: the person, from 1101.
    public let personNumber: String
    /// `insutype`: the scheme the visit is under.
    public let insuranceType: InsuranceType
    /// `begntime`: when the visit begins.
    public let startsAt: Date
    /// `mdtrt_cert_type`, `mdtrt_cert_no`: the credential shown.
    public let credential: MedicalCredential
    /// `ipt_otp_no`: the institution's own outpatient number for the visit (院内唯一流水).
    public let outpatientNumber: String
    /// `atddr_no`, `dr_name`: the doctor.
    public let doctorCode: String
    /// The doctor's name.
    public let doctorName: String
    /// `dept_code`, `dept_name`: the department.
    public let departmentCode: String
    /// The department's name.
    public let departmentName: String
    /// `caty`: the clinical specialty code (科别).
    public let specialty: String

    /// Creates a registration.
    public init(personNumber: String, insuranceType: InsuranceType, startsAt: Date, credential: MedicalCredential, outpatientNumber: String,
                doctorCode: String, doctorName: String, departmentCode: String, departmentName: String, specialty: String) {
        self.personNumber = personNumber
        self.insuranceType = insuranceType
        self.startsAt = startsAt
        self.credential = credential
        self.outpatientNumber = outpatientNumber
        self.doctorCode = doctorCode
        self.doctorName = doctorName
        self.departmentCode = departmentCode
        self.departmentName = departmentName
        self.specialty = specialty
    }

    package init(json: JSONObjectReader) throws {
        let data = try json.object("data") { $0 }
        try self.init(personNumber: data.requiredText("psn_no"), insuranceType: data.code("insutype"), startsAt: data.dateTime("begntime"),
                      credential: MedicalCredential(json: data), outpatientNumber: data.requiredText("ipt_otp_no"),
                      doctorCode: data.requiredText("atddr_no"), doctorName: data.requiredText("dr_name"),
                      departmentCode: data.requiredText("dept_code"), departmentName: data.requiredText("dept_name"), specialty: data.requiredText("caty"))
    }

    /// The message as the interface's JSON object.
    public var json: JSONValue {
        var data = JSONMembers()
        data["psn_no"] = .string(personNumber)
        data["insutype"] = insuranceType.json
        data["begntime"] = startsAt.interfaceJSON
        credential.write(into: &data)
        data["ipt_otp_no"] = .string(outpatientNumber)
        data["atddr_no"] = .string(doctorCode)
        data["dr_name"] = .string(doctorName)
        data["dept_code"] = .string(departmentCode)
        data["dept_name"] = .string(departmentName)
        data["caty"] = .string(specialty)
        return .object(["data": data.object])
    }
}

/// 2201 output, `{"data": {"mdtrt_id", "psn_no", "ipt_otp_no"}}`: the visit the platform opened.
public struct RegistrationOutput: InterfaceMessage, Hashable {
    /// `mdtrt_id`: the platform's id of the visit (就诊ID), which every later message names.
    public let visitID: String
    /// `psn_no`: the person.
    public let personNumber: String
    /// `ipt_otp_no`: the institution's outpatient number, as sent.
    public let outpatientNumber: String

    /// Creates a registration answer.
    public init(visitID: String, personNumber: String, outpatientNumber: String) {
        self.visitID = visitID
        self.personNumber = personNumber
        self.outpatientNumber = outpatientNumber
    }

    package init(json: JSONObjectReader) throws {
        let data = try json.object("data") { $0 }
        try self.init(visitID: data.requiredText("mdtrt_id"), personNumber: data.requiredText("psn_no"), outpatientNumber: data.requiredText("ipt_otp_no"))
    }

    /// The message as the interface's JSON object.
    public var json: JSONValue {
        .object(["data": .object(["mdtrt_id": .string(visitID), "psn_no": .string(personNumber), "ipt_otp_no": .string(outpatientNumber)])])
    }
}

/// 2202 input, `{"data": {"psn_no", "mdtrt_id", "ipt_otp_no"}}`: cancels a registration that has
/// nothing settled. The answer is empty.
public struct RegistrationCancellation: InterfaceMessage, Hashable {
    /// `psn_no`.
    public let personNumber: String
    /// `mdtrt_id`: the visit.
    public let visitID: String
    /// `ipt_otp_no`.
    public let outpatientNumber: String

    /// Creates a cancellation.
    public init(personNumber: String, visitID: String, outpatientNumber: String) {
        self.personNumber = personNumber
        self.visitID = visitID
        self.outpatientNumber = outpatientNumber
    }

    package init(json: JSONObjectReader) throws {
        let data = try json.object("data") { $0 }
        try self.init(personNumber: data.requiredText("psn_no"), visitID: data.requiredText("mdtrt_id"), outpatientNumber: data.requiredText("ipt_otp_no"))
    }

    /// The message as the interface's JSON object.
    public var json: JSONValue {
        .object(["data": .object(["psn_no": .string(personNumber), "mdtrt_id": .string(visitID), "ipt_otp_no": .string(outpatientNumber)])])
    }
}
