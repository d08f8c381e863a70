import Foundation
import IDCore
import SocialSecurity
import SocialSecuritySimulator

/// A day at a Shenzhen hospital on the national medical-insurance interface: the clerk signs
/// in; 王建国 shows his e-voucher, is registered, billed, priced and settled (fund, personal
/// account, cash); one box of medicine is refunded (the settlement reversed and the rest settled
/// again); 刘芳, insured in Chengdu, is settled across provinces; 陈海, insured in an area that
/// is not connected, gets the reason; the day is reconciled, totals and details.
public struct HospitalVisit: Sendable {
    /// The hospital's institution code.
    public static let hospitalCode = "H44030500017"

    /// One line of the story: the transaction, the message id that carried it, what came back.
    public struct Line: Sendable {
        public let transaction: String
        public let messageID: String
        public let outcome: String
        public let succeeded: Bool
    }

    private let patients: ExamplePatients
    private let connector: ProvincialConnector
    private let recorder: MessageRecorder
    /// The embedded platforms; nil when Shenzhen's platform is reached over HTTP.
    private let embedded: EmbeddedPlatforms?
    private let journalURL: URL

    /// With embedded simulated platforms for Shenzhen and Chengdu, or, given `platformURL` and
    /// `platformKey`, Shenzhen's platform over HTTP (the BureauServer example, the Python
    /// platform of the interop tests).
    public init(platformURL: URL? = nil, platformKey: VerificationKey? = nil, hospitalKey: SigningKey? = nil) throws {
        patients = try ExamplePatients()
        let institution = try InstitutionCode(Self.hospitalCode)
        let hospital = ConnectorSigningKey(try hospitalKey ?? SigningKey(generating: .sm2))
        let directory: ConnectorDirectory
        let transport: any ConnectorTransport
        if let platformURL, let platformKey {
            embedded = nil
            directory = ConnectorDirectory([.init(area: patients.shenzhen, endpoint: platformURL, keys: ConnectorKeySet([platformKey]))])
            transport = HTTPTransport()
        } else {
            let platforms = try EmbeddedPlatforms(patients: patients, hospital: institution, hospitalKey: hospital.key.publicKey)
            embedded = platforms
            directory = platforms.directory
            transport = platforms.transport
        }
        recorder = MessageRecorder(inner: transport)
        connector = try ProvincialConnector(institution: institution, institutionName: "北京大学深圳医院", treatmentArea: patients.shenzhen,
                                            signingKey: hospital, directory: directory, transport: recorder)
        journalURL = FileManager.default.temporaryDirectory.appendingPathComponent("hospital-visit-\(UUID().uuidString).journal")
    }

    /// Runs the day and returns its lines.
    public func run() async throws -> [Line] {
        defer { try? FileManager.default.removeItem(at: journalURL) }
        var story = Story(recorder: recorder)
        let clerk = ConnectorOperator(code: "C0012", name: "张敏")
        guard let session = await story.step("Sign in (9001)", { try await connector.signIn(clerk, macAddress: "3C-52-82-1A-7F-02", ipAddress: "10.8.1.23") },
                                             describe: { "sign_no \($0.signInNumber)" })
        else { return story.lines }
        let desk = SettlementDesk(session: session, journal: try FileSettlementJournal(url: journalURL))

        // 王建国 shows the e-voucher in his wallet; the scanner reads its token. Over HTTP the
        // example has no wallet of that platform's, and he shows his identity card.
        let wangCredential: MedicalCredential = try embedded.map { .electronicVoucher(try $0.registry.issueVoucher(for: patients.wang.idNumber)) }
            ?? .identityCard(patients.wang.idNumber)
        guard let wang = await visit(of: "王建国", credential: wangCredential, outpatientNumber: "MZ20261201001", session: session, story: &story) else {
            return story.lines
        }
        await mistakes(of: wang, story: &story)
        let bill = try wang.bill("B1", items: Self.bill)
        _ = await story.step("Upload fee details (2204)", { try await wang.upload(bill) },
                             describe: { "\($0.lines.count) lines: " + $0.lines.map { "\($0.chargeItemLevel == .selfPaid ? "self-paid" : "covered") \(Money.text($0.total))" }.joined(separator: ", ") })
        guard let price = await story.step("Pre-settlement (2206)", { try await wang.price(bill) }, describe: { Money.split($0.info) }),
              let settled = await story.step("Settlement (2207, journaled)", { try await desk.settle(wang.settlementInput(bill, price: price), insuredArea: wang.insuredArea) },
                                             describe: { "\($0.record.info.settlementID ?? "?"): " + Money.split($0.record.info) })
        else { return story.lines }
        let refund = try RefundRequest(settlementInput: try wang.settlementInput(bill, price: price), settlement: settled.record.info, billedLines: bill,
                                       refunds: [.init(serialNumber: "B1-3", quantity: try FeeQuantity("1"))], newChargeBatch: "B2")
        _ = await story.step("Refund one box of amoxicillin (2208, 2205, 2204, 2206, 2207)", { try await desk.refund(refund, insuredArea: wang.insuredArea) },
                             describe: { receipt in
                                 let back = try? receipt.paidBack()
                                 return "reversed \(receipt.reversal.record.info.settlementID ?? "?"), settled again \(receipt.resettlement?.record.info.settlementID ?? "-") "
                                     + "for \(Money.text(receipt.resettlement?.record.info.total ?? .zero)); back: fund \(Money.text(back?.fund ?? .zero)), "
                                     + "account \(Money.text(back?.personalAccount ?? .zero)), cash \(Money.text(back?.cash ?? .zero))"
                             })

        if let embedded {
            let token = try embedded.registry.issueVoucher(for: patients.liu.idNumber)
            if let liu = await visit(of: "刘芳", credential: .electronicVoucher(token), outpatientNumber: "MZ20261201002", session: session, story: &story) {
                let lines = try liu.bill("B1", items: [Self.bill[1], Self.bill[3]])
                _ = await story.step("Upload fee details (2204, relayed to Chengdu)", { try await liu.upload(lines) }, describe: { "\($0.lines.count) lines" })
                _ = await story.step("Settlement across provinces (2207)", {
                    try await desk.settle(liu.settlementInput(lines, price: liu.price(lines)), insuredArea: liu.insuredArea)
                }, describe: { "\($0.record.info.settlementID ?? "?") cleared by \($0.record.info.clearingAgency?.description ?? "?"): " + Money.split($0.record.info) })
            }
            _ = await story.step("Person information (1101, 陈海 from Haikou)", { try await session.personInfo(PersonInfoQuery(credential: .identityCard(patients.chen))) },
                                 describe: { "insured in \($0.activeInsurance()?.insuredArea.description ?? "?")" })
        }

        let today = ReconciliationPeriod(day: CalendarDate.today())
        for area in embedded == nil ? [patients.shenzhen] : [patients.shenzhen, patients.chengdu] {
            _ = await story.step("Reconciliation of \(area) (3201, 3202)", {
                try await desk.reconcile(today, insuranceType: .employeeBasic, settlementAgency: area)
            }, describe: { report in
                report.isBalanced ? "\(report.details.rows.count) record\(report.details.rows.count == 1 ? "" : "s"): balanced"
                    : "NOT BALANCED: \(report.totals.explanation ?? "") \(report.details.differences.map { $0.memo ?? "" }.joined(separator: "; "))"
            })
        }
        _ = await story.step("Sign out (9002)", { try await session.signOut() }, describe: { _ in "signed out" })
        return story.lines
    }

    /// 1101, 2201 and 2203 for a patient.
    private func visit(of name: String, credential: MedicalCredential, outpatientNumber: String, session: ConnectorSession, story: inout Story) async -> PatientVisit? {
        guard let person = await story.step("Person information (1101, \(name), \(credential))", { try await session.personInfo(PersonInfoQuery(credential: credential)) },
                                            describe: { person in
                                                let insurance = person.activeInsurance()
                                                return "\(person.person.name), insured in \(insurance?.insuredArea.description ?? "?"), account \(Money.text(insurance?.balance ?? .zero))"
                                            }),
              let insurance = person.activeInsurance()
        else { return nil }
        let visit = PatientVisit(session: session, credential: credential, person: person.person, insuredArea: insurance.insuredArea, visitID: "")
        guard let registration = await story.step("Registration (2201)", { try await session.register(visit.registration(outpatientNumber), insuredArea: visit.insuredArea) },
                                                  describe: { "visit \($0.visitID)" })
        else { return nil }
        let opened = visit.with(visitID: registration.visitID)
        _ = await story.step("Visit information (2203)", { try await session.recordVisit(opened.information(), insuredArea: opened.insuredArea) },
                             describe: { "I20.900 心绞痛" })
        return opened
    }

    /// Two registrations that should not stand: one at the wrong department, cancelled (2202),
    /// and one whose answer never came, reversed by its message id (2601).
    private func mistakes(of visit: PatientVisit, story: inout Story) async {
        let session = visit.session
        if let wrong = await story.step("Registration at the wrong department (2201)", {
            try await session.register(visit.registration("MZ20261201901"), insuredArea: visit.insuredArea)
        }, describe: { "visit \($0.visitID)" }) {
            _ = await story.step("Cancel that registration (2202)", {
                try await session.cancelRegistration(RegistrationCancellation(personNumber: visit.person.personNumber, visitID: wrong.visitID,
                                                                              outpatientNumber: wrong.outpatientNumber), insuredArea: visit.insuredArea)
            }, describe: { "cancelled \(wrong.visitID)" })
        }
        // The clerk's terminal lost the answer to this registration: it is reversed by its id,
        // whether or not the platform registered it.
        guard let lost = try? await session.connector.messageIDs.next() else { return }
        _ = try? await session.connector.transmit(session.envelope(.registration, input: visit.registration("MZ20261201902").json,
                                                                   insuredArea: visit.insuredArea, messageID: lost))
        let reversal = MessageReversalInput(personNumber: visit.person.personNumber, originalMessageID: lost, originalTransaction: .registration)
        _ = await story.step("Reverse the registration whose answer was lost (2601 of \(lost))", {
            guard let id = try? await session.connector.messageIDs.next() else { throw ConnectorError(.internalError, "no message id") }
            let answer = try await session.connector.transmit(session.envelope(.messageReversal, input: reversal.json, insuredArea: visit.insuredArea, messageID: id))
            if let refusal = answer.error { throw refusal }
            return answer
        }, describe: { _ in "reversed: it will never take effect" })
    }

    /// Registration (not covered), consultation (class A), three boxes of amoxicillin (class B,
    /// 10 % paid first) and a blood test (class A): 160.50 yuan.
    static let bill: [(code: String, quantity: String, price: String)] = [
        (ServiceCatalogue.Codes.registrationFee, "1", "25"),
        (ServiceCatalogue.Codes.consultation, "1", "30"),
        (ServiceCatalogue.Codes.amoxicillin, "3", "18.5"),
        (ServiceCatalogue.Codes.bloodTest, "1", "50"),
    ]
}

/// The lines of the story so far, each step's outcome in plain words.
struct Story {
    let recorder: MessageRecorder
    private(set) var lines: [HospitalVisit.Line] = []

    init(recorder: MessageRecorder) {
        self.recorder = recorder
    }

    /// Runs a step and records its line: the message id last sent, and what came back.
    mutating func step<Result>(_ name: String, _ call: () async throws -> Result, describe: (Result) -> String) async -> Result? {
        await recorder.reset()
        do {
            let result = try await call()
            lines.append(.init(transaction: name, messageID: await recorder.lastMessageID, outcome: describe(result), succeeded: true))
            return result
        } catch let error as ConnectorError {
            lines.append(.init(transaction: name, messageID: await recorder.lastMessageID, outcome: "\(error.code): \(error.reason)", succeeded: false))
        } catch {
            lines.append(.init(transaction: name, messageID: await recorder.lastMessageID, outcome: "\(error)", succeeded: false))
        }
        return nil
    }
}
