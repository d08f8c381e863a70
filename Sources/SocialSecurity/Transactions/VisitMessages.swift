import Foundation
import IDCore

/// 2203 input, `{"mdtrtinfo": {...}, "diseinfo": [...]}`: what the visit was for. The answer is
/// empty.
public struct VisitInformation: InterfaceMessage, Hashable {
    /// One `diseinfo` row: a diagnosis.
    public struct Diagnosis: Sendable, Hashable {
        /// `diag_type`: `1` Western medicine, `2` Chinese medicine main diagnosis, `3` syndrome.
        public let type: String
        /// `diag_srt_no`: the order, 1 for the main diagnosis.
        public let order: Int
        /// `diag_code`: the code (ICD-10 for Western medicine).
        public let code: String
        /// `diag_name`.
        public let name: String
        /// `diag_dept`: the department that diagnosed.
        public let department: String
        /// `dise_dor_no`, `dise_dor_name`: the doctor.
        public let doctorCode: String
        /// The doctor's name.
        public let doctorName: String
        /// `diag_time`.
        public let time: Date
        /// `vali_flag`: still valid.
        public let isValid: Bool

        /// Creates a diagnosis.
        public init(type: String = "1", order: Int, code: String, name: String, department: String, doctorCode: String, doctorName: String,
                    time: Date, isValid: Bool = true) {
            self.type = type
            self.order = order
            self.code = code
            self.name = name
            self.department = department
            self.doctorCode = doctorCode
            self.doctorName = doctorName
            self.time = time
            self.isValid = isValid
        }
    }

    /// `mdtrt_id`: the visit.
    public let visitID: String
    /// `psn_no`.
    public let personNumber: String
    /// `med_type`: the kind of care.
    public let medicalType: MedicalType
    /// `begntime`: when the visit began.
    public let startedAt: Date
    /// `main_cond_dscr`: the main complaint, in words.
    public let mainCondition: String?
    /// `dise_codg`, `dise_name`: a disease the settlement is by (慢特病, 按病种), when it is.
    public let diseaseCode: String?
    /// The disease's name.
    public let diseaseName: String?
    /// `diseinfo`.
    public let diagnoses: [Diagnosis]

    /// Creates a visit's information.
    public init(visitID: String, personNumber: String, medicalType: MedicalType, startedAt: Date, mainCondition: String? = nil,
                diseaseCode: String? = nil, diseaseName: String? = nil, diagnoses: [Diagnosis]) {
        self.visitID = visitID
        self.personNumber = personNumber
        self.medicalType = medicalType
        self.startedAt = startedAt
        self.mainCondition = mainCondition
        self.diseaseCode = diseaseCode
        self.diseaseName = diseaseName
        self.diagnoses = diagnoses
    }

    package init(json: JSONObjectReader) throws {
        let info = try json.object("mdtrtinfo") { $0 }
        let diagnoses = try json.list("diseinfo") { row in
            try Diagnosis(type: row.requiredText("diag_type"), order: row.wholeNumber("diag_srt_no"), code: row.requiredText("diag_code"), name: row.requiredText("diag_name"),
                                 department: row.requiredText("diag_dept"), doctorCode: row.requiredText("dise_dor_no"),
                                 doctorName: row.requiredText("dise_dor_name"), time: row.dateTime("diag_time"), isValid: row.flag("vali_flag"))
        }
        try self.init(visitID: info.requiredText("mdtrt_id"), personNumber: info.requiredText("psn_no"), medicalType: info.code("med_type"),
                      startedAt: info.dateTime("begntime"), mainCondition: info.text("main_cond_dscr"), diseaseCode: info.text("dise_codg"),
                      diseaseName: info.text("dise_name"), diagnoses: diagnoses)
    }

    /// The message as the interface's JSON object.
    public var json: JSONValue {
        var info = JSONMembers()
        info["mdtrt_id"] = .string(visitID)
        info["psn_no"] = .string(personNumber)
        info["med_type"] = medicalType.json
        info["begntime"] = startedAt.interfaceJSON
        info["main_cond_dscr"] = mainCondition.map(JSONValue.string)
        info["dise_codg"] = diseaseCode.map(JSONValue.string)
        info["dise_name"] = diseaseName.map(JSONValue.string)
        let rows = diagnoses.map { diagnosis -> JSONValue in
            .object(["diag_type": .string(diagnosis.type), "diag_srt_no": .integer(Int64(diagnosis.order)), "diag_code": .string(diagnosis.code),
                     "diag_name": .string(diagnosis.name), "diag_dept": .string(diagnosis.department), "dise_dor_no": .string(diagnosis.doctorCode),
                     "dise_dor_name": .string(diagnosis.doctorName), "diag_time": diagnosis.time.interfaceJSON, "vali_flag": diagnosis.isValid.flagJSON])
        }
        return .object(["mdtrtinfo": info.object, "diseinfo": .array(rows)])
    }
}
