import Foundation
import IDCore

/// 1101 input, `{"data": {...}}`: whom to look up, by the credential the patient showed.
public struct PersonInfoQuery: InterfaceMessage, Hashable {
    /// `mdtrt_cert_type`, `mdtrt_cert_no` (and `card_sn`): the credential.
    public let credential: MedicalCredential
    /// `psn_name`: the name, where the platform asks for it with a card.
    public let name: PersonName?
    /// `begntime`: to read insurance records from this time on (history), or nil for today's.
    public let recordsFrom: Date?

    /// Creates a query.
    public init(credential: MedicalCredential, name: PersonName? = nil, recordsFrom: Date? = nil) {
        self.credential = credential
        self.name = name
        self.recordsFrom = recordsFrom
    }

    package init(json: JSONObjectReader) throws {
        let data = try json.object("data") { $0 }
        try self.init(credential: MedicalCredential(json: data), name: data.text("psn_name").map { try PersonName($0) }, recordsFrom: data.optionalDateTime("begntime"))
    }

    /// The message as the interface's JSON object.
    public var json: JSONValue {
        var data = JSONMembers()
        credential.write(into: &data)
        if case .socialSecurityCard(_, let identifier) = credential { data["card_sn"] = .string(identifier) }
        if case .identityCard(let number) = credential {
            data["psn_cert_type"] = CertificateType.residentIdentityCard.json
            data["certno"] = .string(number.fullNumber)
        }
        data["psn_name"] = name.map(JSONValue.init)
        data["begntime"] = recordsFrom?.interfaceJSON
        return .object(["data": data.object])
    }
}

/// 1101 output: the person (`baseinfo`), their insurance records (`insuinfo`) and the identities
/// that change their benefits (`idetinfo`).
public struct PersonInfo: InterfaceMessage, Hashable {
    /// `baseinfo`: who the person is.
    public struct Person: Sendable, Hashable {
        /// `psn_no`: the platform's number for the person, which later messages name them by.
        public let personNumber: String
        /// `psn_cert_type`: the kind of identity document.
        public let certificateType: CertificateType
        /// `certno`: its number; prints masked.
        public let certificateNumber: CertificateNumber
        /// `psn_name`.
        public let name: PersonName
        /// `gend`.
        public let gender: Gender
        /// `naty`: the ethnicity code (GB/T 3304), when given.
        public let ethnicityCode: String?
        /// `brdy`.
        public let birthDate: CalendarDate?

        /// Creates a person record.
        public init(personNumber: String, certificateType: CertificateType, certificateNumber: CertificateNumber, name: PersonName,
                    gender: Gender, ethnicityCode: String?, birthDate: CalendarDate?) {
            self.personNumber = personNumber
            self.certificateType = certificateType
            self.certificateNumber = certificateNumber
            self.name = name
            self.gender = gender
            self.ethnicityCode = ethnicityCode
            self.birthDate = birthDate
        }
    }

    /// One `insuinfo` record: a scheme the person is insured under, and where.
    public struct InsuranceRecord: Sendable, Hashable {
        /// `balc`: the personal account's balance.
        public let balance: Yuan
        /// `insutype`.
        public let insuranceType: InsuranceType
        /// `psn_type`: the person's category (在职, 退休, …) as the platform codes it.
        public let personType: String
        /// `psn_insu_stas`.
        public let status: InsuranceStatus
        /// `psn_insu_date`: insured since.
        public let insuredSince: CalendarDate?
        /// `paus_insu_date`: suspended since, when suspended.
        public let suspendedSince: CalendarDate?
        /// `cvlserv_flag`: a civil servant, with the subsidy that brings.
        public let isCivilServant: Bool
        /// `insuplc_admdvs`: the place of insurance, which every later message about the person
        /// carries and which routes it.
        public let insuredArea: InsuranceArea
        /// `emp_name`: the employer.
        public let employer: String?

        /// Creates an insurance record.
        public init(balance: Yuan, insuranceType: InsuranceType, personType: String, status: InsuranceStatus, insuredSince: CalendarDate?,
                    suspendedSince: CalendarDate? = nil, isCivilServant: Bool = false, insuredArea: InsuranceArea, employer: String? = nil) {
            self.balance = balance
            self.insuranceType = insuranceType
            self.personType = personType
            self.status = status
            self.insuredSince = insuredSince
            self.suspendedSince = suspendedSince
            self.isCivilServant = isCivilServant
            self.insuredArea = insuredArea
            self.employer = employer
        }
    }

    /// One `idetinfo` record: an identity that changes the person's benefits (a disability
    /// grade, a low-income household).
    public struct IdentityRecord: Sendable, Hashable {
        /// `psn_idet_type`.
        public let type: String
        /// `psn_type_lv`.
        public let level: String?
        /// `begntime`.
        public let begins: Date?
        /// `endtime`.
        public let ends: Date?

        /// Creates an identity record.
        public init(type: String, level: String?, begins: Date?, ends: Date?) {
            self.type = type
            self.level = level
            self.begins = begins
            self.ends = ends
        }
    }

    /// `baseinfo`.
    public let person: Person
    /// `insuinfo`.
    public let insurance: [InsuranceRecord]
    /// `idetinfo`.
    public let identities: [IdentityRecord]

    /// Creates a person's information.
    public init(person: Person, insurance: [InsuranceRecord], identities: [IdentityRecord] = []) {
        self.person = person
        self.insurance = insurance
        self.identities = identities
    }

    /// The record in force for `type`, or the first record in force when `type` is nil.
    public func activeInsurance(_ type: InsuranceType? = nil) -> InsuranceRecord? {
        insurance.first { $0.status == .active && (type == nil || $0.insuranceType == type) }
    }

    package init(json: JSONObjectReader) throws {
        let person = try json.object("baseinfo") { base in
            try Person(personNumber: base.requiredText("psn_no"), certificateType: base.code("psn_cert_type"),
                       certificateNumber: CertificateNumber(base.requiredText("certno")), name: PersonName(base.requiredText("psn_name")),
                       gender: base.code("gend"), ethnicityCode: base.text("naty"), birthDate: base.optionalDate("brdy"))
        }
        let insurance = try json.list("insuinfo") { record in
            try InsuranceRecord(balance: record.optionalYuan("balc") ?? .zero, insuranceType: record.code("insutype"), personType: record.text("psn_type") ?? "",
                                status: record.code("psn_insu_stas"), insuredSince: record.optionalDate("psn_insu_date"),
                                suspendedSince: record.optionalDate("paus_insu_date"), isCivilServant: record.flag("cvlserv_flag"),
                                insuredArea: record.area("insuplc_admdvs"), employer: record.text("emp_name"))
        }
        let identities = try json.list("idetinfo") { record in
            try IdentityRecord(type: record.requiredText("psn_idet_type"), level: record.text("psn_type_lv"),
                               begins: record.optionalDateTime("begntime"), ends: record.optionalDateTime("endtime"))
        }
        self.init(person: person, insurance: insurance, identities: identities)
    }

    /// The message as the interface's JSON object.
    public var json: JSONValue {
        var base = JSONMembers()
        base["psn_no"] = .string(person.personNumber)
        base["psn_cert_type"] = person.certificateType.json
        base["certno"] = .string(person.certificateNumber.fullNumber)
        base["psn_name"] = JSONValue(person.name)
        base["gend"] = person.gender.json
        base["naty"] = person.ethnicityCode.map(JSONValue.string)
        base["brdy"] = person.birthDate.map(JSONValue.init)
        let insurance = insurance.map { record -> JSONValue in
            var members = JSONMembers()
            members["balc"] = record.balance.json
            members["insutype"] = record.insuranceType.json
            members["psn_type"] = .string(record.personType)
            members["psn_insu_stas"] = record.status.json
            members["psn_insu_date"] = record.insuredSince.map(JSONValue.init)
            members["paus_insu_date"] = record.suspendedSince.map(JSONValue.init)
            members["cvlserv_flag"] = record.isCivilServant.flagJSON
            members["insuplc_admdvs"] = record.insuredArea.json
            members["emp_name"] = record.employer.map(JSONValue.string)
            return members.object
        }
        let identities = identities.map { record -> JSONValue in
            var members = JSONMembers()
            members["psn_idet_type"] = .string(record.type)
            members["psn_type_lv"] = record.level.map(JSONValue.string)
            members["begntime"] = record.begins?.interfaceJSON
            members["endtime"] = record.ends?.interfaceJSON
            return members.object
        }
        return .object(["baseinfo": base.object, "insuinfo": .array(insurance), "idetinfo": .array(identities)])
    }
}
