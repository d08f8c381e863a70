import Foundation
import IDCore
import SocialSecurity

/// What the hospital information system knows of one patient's visit, and the messages it
/// makes from it.
struct PatientVisit: Sendable {
    let session: ConnectorSession
    let credential: MedicalCredential
    let person: PersonInfo.Person
    let insuredArea: InsuranceArea
    let visitID: String

    func with(visitID: String) -> PatientVisit {
        PatientVisit(session: session, credential: credential, person: person, insuredArea: insuredArea, visitID: visitID)
    }

    func registration(_ outpatientNumber: String) -> RegistrationInput {
        RegistrationInput(personNumber: person.personNumber, insuranceType: .employeeBasic, startsAt: Date(), credential: credential,
                          outpatientNumber: outpatientNumber, doctorCode: "D440300001", doctorName: "陈医生", departmentCode: "A03",
                          departmentName: "心血管内科", specialty: "A03.01")
    }

    func information() -> VisitInformation {
        VisitInformation(visitID: visitID, personNumber: person.personNumber, medicalType: .generalOutpatient, startedAt: Date(), mainCondition: "胸闷三天",
                         diagnoses: [.init(order: 1, code: "I20.900", name: "心绞痛", department: "心血管内科", doctorCode: "D440300001",
                                           doctorName: "陈医生", time: Date())])
    }

    /// The fee lines of `batch`.
    func bill(_ batch: String, items: [(code: String, quantity: String, price: String)]) throws -> [FeeDetail] {
        try items.enumerated().map { index, item in
            try FeeDetail(serialNumber: "\(batch)-\(index + 1)", visitID: visitID, personNumber: person.personNumber, chargeBatch: batch, incurredAt: Date(),
                          catalogueCode: item.code, institutionCatalogueCode: "HIS-\(index + 1)", quantity: FeeQuantity(item.quantity),
                          unitPrice: UnitPrice(item.price), billingDepartmentCode: "A03", billingDepartmentName: "心血管内科",
                          billingDoctorCode: "D440300001", billingDoctorName: "陈医生")
        }
    }

    func upload(_ lines: [FeeDetail]) async throws -> FeeDetailUploadResult {
        try await session.uploadFeeDetails(FeeDetailUpload(lines: lines), insuredArea: insuredArea)
    }

    /// 2206 for the batch of `lines`.
    func price(_ lines: [FeeDetail]) async throws -> SettlementResult {
        try await session.preSettle(settlementInput(lines, price: nil), insuredArea: insuredArea)
    }

    /// The 2207 input for the batch of `lines`, repeating the amounts of its 2206 `price`.
    func settlementInput(_ lines: [FeeDetail], price: SettlementResult?) throws -> SettlementInput {
        SettlementInput(personNumber: person.personNumber, credential: credential, total: try Yuan.sum(lines.map(\.total)), visitID: visitID,
                        chargeBatch: lines[0].chargeBatch, insuranceType: .employeeBasic, invoiceNumber: price.map { _ in "FP\(visitID.suffix(6))\(lines[0].chargeBatch)" },
                        preSettled: price.map { .init($0.info) })
    }
}
