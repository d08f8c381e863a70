import Foundation
import IDCore
import SocialSecurity
import SocialSecuritySimulator

/// One patient's visit driven through the interface as a hospital information system would:
/// 1101 for the credential shown, 2201, 2203, then fee lines and (pre-)settlement on request.
struct OutpatientVisit {
    let session: ConnectorSession
    let credential: MedicalCredential
    let person: PersonInfo
    let insuredArea: InsuranceArea
    let visitID: String

    var personNumber: String { person.person.personNumber }

    /// 1101, 2201 and 2203 for the patient showing `credential`.
    static func open(_ session: ConnectorSession, credential: MedicalCredential, outpatientNumber: String, at time: Date) async throws -> OutpatientVisit {
        let person = try await session.personInfo(PersonInfoQuery(credential: credential))
        guard let insurance = person.activeInsurance(.employeeBasic) else { throw ConnectorError(.notInsured, "no insurance in force") }
        let registration = try await session.register(RegistrationInput(
            personNumber: person.person.personNumber, insuranceType: insurance.insuranceType, startsAt: time, credential: credential,
            outpatientNumber: outpatientNumber, doctorCode: "D440300001", doctorName: "陈医生", departmentCode: "A03", departmentName: "心血管内科",
            specialty: "A03.01"), insuredArea: insurance.insuredArea)
        try await session.recordVisit(VisitInformation(
            visitID: registration.visitID, personNumber: person.person.personNumber, medicalType: .generalOutpatient, startedAt: time,
            mainCondition: "胸闷三天", diagnoses: [.init(order: 1, code: "I20.900", name: "心绞痛", department: "心血管内科", doctorCode: "D440300001",
                                                   doctorName: "陈医生", time: time)]), insuredArea: insurance.insuredArea)
        return OutpatientVisit(session: session, credential: credential, person: person, insuredArea: insurance.insuredArea, visitID: registration.visitID)
    }

    /// The visit's lines in `batch`: (catalogue code, quantity, unit price) each.
    func lines(_ batch: String, _ items: [(String, String, String)], at time: Date) throws -> [FeeDetail] {
        try items.enumerated().map { index, item in
            try FeeDetail(serialNumber: "\(batch)-\(index + 1)", visitID: visitID, personNumber: personNumber, chargeBatch: batch, incurredAt: time,
                          catalogueCode: item.0, institutionCatalogueCode: "HIS-\(item.0.prefix(6))", quantity: FeeQuantity(item.1), unitPrice: UnitPrice(item.2),
                          billingDepartmentCode: "A03", billingDepartmentName: "心血管内科", billingDoctorCode: "D440300001", billingDoctorName: "陈医生")
        }
    }

    /// 2204 for `lines`.
    func upload(_ lines: [FeeDetail]) async throws -> FeeDetailUploadResult {
        try await session.uploadFeeDetails(FeeDetailUpload(lines: lines), insuredArea: insuredArea)
    }

    /// The 2207 input for the batch of `lines`, with the amounts its 2206 gives.
    func settlementInput(_ lines: [FeeDetail]) async throws -> SettlementInput {
        let input = SettlementInput(personNumber: personNumber, credential: credential, total: try Yuan.sum(lines.map(\.total)), visitID: visitID,
                                    chargeBatch: lines[0].chargeBatch, insuranceType: .employeeBasic)
        let price = try await session.preSettle(input, insuredArea: insuredArea)
        return SettlementInput(personNumber: personNumber, credential: credential, total: input.total, visitID: visitID, chargeBatch: input.chargeBatch,
                               insuranceType: .employeeBasic, invoiceNumber: "FP\(input.chargeBatch)", preSettled: .init(price.info))
    }

    /// A usual outpatient bill: registration (not covered), consultation (A), three boxes of
    /// amoxicillin (B, 10 % first) and a blood test (A): 160.50 yuan.
    static let usualBill: [(String, String, String)] = [
        (ServiceCatalogue.Codes.registrationFee, "1", "25"),
        (ServiceCatalogue.Codes.consultation, "1", "30"),
        (ServiceCatalogue.Codes.amoxicillin, "3", "18.5"),
        (ServiceCatalogue.Codes.bloodTest, "1", "50"),
    ]
}
