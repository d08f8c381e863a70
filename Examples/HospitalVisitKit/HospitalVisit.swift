import Foundation
import IDCore
import SocialSecurity

/// The electronic social-security card at a Shenzhen hospital: bind the card, check
/// eligibility, book a doctor, settle the bill (fund, personal account, cash), refund one item,
/// reconcile at the end of the day; a patient insured in Chengdu is routed to Chengdu's bureau;
/// a patient from a province not yet connected gets the clear error.
public struct HospitalVisit: Sendable {
    public static let partner = "hospital-shenzhen-pku"

    /// One line of the story: what was called, the signed request id, and what came back.
    public struct Line: Sendable {
        public let transaction: String
        public let requestID: String
        public let outcome: String
        public let succeeded: Bool
    }

    private let connector: ProvincialConnector
    private let recorder: RecordingTransport
    private let shenzhenBureau: SimulatedBureau?
    private let journalURL: URL

    public let shenzhenPatient: ResidentIDNumber
    public let chengduPatient: ResidentIDNumber
    public let guangxiPatient: ResidentIDNumber

    /// Embedded simulated bureaus for Shenzhen (4403) and Chengdu (5101), or, with
    /// `shenzhenURL` and `shenzhenKey`, Shenzhen's bureau over HTTP (such as the Python interop
    /// bureau).
    public init(shenzhenURL: URL? = nil, shenzhenKey: VerificationKey? = nil, hospitalKey: SigningKey? = nil) async throws {
        shenzhenPatient = try PatientNumbers.make("440305", "19760512", 31)
        chengduPatient = try PatientNumbers.make("510107", "19880101", 42)
        guangxiPatient = try PatientNumbers.make("450102", "19950615", 11)
        let hospital = ConnectorSigningKey(try hospitalKey ?? SigningKey(generating: .sm2))
        let partners = PartnerRegistry([.init(id: Self.partner, keys: ConnectorKeySet([hospital.key.publicKey]))])

        let chengduKey = ConnectorSigningKey(try SigningKey(generating: .sm2))
        let chengduBureau = SimulatedBureau(people: [try PatientNumbers.person(chengduPatient, "刘芳", "C87654321", "5101", balance: 50_000)])
        let chengduURL = URL(string: "https://si.chengdu.example/connector")!
        var gateways = [chengduURL: BureauGateway(bureauID: "510100", signingKey: chengduKey, partners: partners, handler: chengduBureau)]
        var bureaus = [ConnectorDirectory.Bureau(division: "5101", bureauID: "510100", endpoint: chengduURL, keys: ConnectorKeySet([chengduKey.key.publicKey]))]

        let transport: any ConnectorTransport
        if let shenzhenURL, let shenzhenKey {
            shenzhenBureau = nil
            bureaus.append(.init(division: "4403", bureauID: "440300", endpoint: shenzhenURL, keys: ConnectorKeySet([shenzhenKey])))
            transport = RoutingTransport(local: InProcessTransport(gateways: gateways), remote: HTTPTransport(), remoteEndpoint: shenzhenURL)
        } else {
            let shenzhenKey = ConnectorSigningKey(try SigningKey(generating: .sm2))
            let bureau = SimulatedBureau(people: [try PatientNumbers.person(shenzhenPatient, "王建国", "M12345678", "4403", balance: 120_000)])
            shenzhenBureau = bureau
            let url = URL(string: "https://si.shenzhen.example/connector")!
            gateways[url] = BureauGateway(bureauID: "440300", signingKey: shenzhenKey, partners: partners, handler: bureau)
            bureaus.append(.init(division: "4403", bureauID: "440300", endpoint: url, keys: ConnectorKeySet([shenzhenKey.key.publicKey])))
            transport = InProcessTransport(gateways: gateways)
        }
        recorder = RecordingTransport(inner: transport)
        connector = ProvincialConnector(partnerID: Self.partner, signingKey: hospital, directory: ConnectorDirectory(bureaus), transport: recorder)
        journalURL = FileManager.default.temporaryDirectory.appendingPathComponent("hospital-visit-\(UUID().uuidString).journal")
        if let shenzhenBureau {
            let start = Date().addingTimeInterval(3600)
            await shenzhenBureau.addSlots(hospitalID: "pku-shenzhen", department: "cardiology", doctor: "Dr. Chen", startTimes: [start, start.addingTimeInterval(1800)])
        }
    }

    /// Runs the day and returns its lines. With a remote Shenzhen bureau, only what it publishes
    /// at `GET /v1/capabilities` is called, or the core transactions when it does not answer.
    public func run() async throws -> [Line] {
        var lines: [Line] = []
        defer { try? FileManager.default.removeItem(at: journalURL) }
        let journal = try FileSettlementJournal(url: journalURL)
        let today = CalendarDate.today()
        let shenzhen = try AdministrativeDivision(code: "4403")
        let bill = [
            BillItem(code: "A001", name: "Consultation", category: .service, quantity: 1, unitPriceFen: 2_500),
            BillItem(code: "D104", name: "Amoxicillin 0.25 g", category: .drug, quantity: 3, unitPriceFen: 1_850),
            BillItem(code: "E220", name: "Blood test", category: .exam, quantity: 1, unitPriceFen: 8_000),
        ]
        func record<Result>(_ name: String, _ call: () async throws -> Result, describe: (Result) -> String) async -> Result? {
            await recorder.reset()
            do {
                let result = try await call()
                lines.append(Line(transaction: name, requestID: await recorder.lastRequestID, outcome: describe(result), succeeded: true))
                return result
            } catch let error as ConnectorError {
                lines.append(Line(transaction: name, requestID: await recorder.lastRequestID, outcome: "\(error.code): \(error.reason)", succeeded: false))
                return nil
            } catch {
                lines.append(Line(transaction: name, requestID: await recorder.lastRequestID, outcome: "\(error)", succeeded: false))
                return nil
            }
        }
        let verification = IdentityVerificationRecord(credentialIssuer: "https://id.gz.gov.cn", faceSimilarity: 0.81, verifiedAt: Date())

        _ = await record("Bind card (王建国, Shenzhen)", {
            try await connector.bindCard(BindCardRequest(idNumber: shenzhenPatient, name: PersonName("王建国"), cardNumber: SocialSecurityCardNumber("M12345678"), verification: verification))
        }, describe: { "card \($0.cardNumber) \($0.cardStatus.rawValue), issued by \($0.issuingDivision.chineseName)" })
        _ = await record("Eligibility", { try await connector.eligibility(EligibilityRequest(idNumber: shenzhenPatient, serviceDate: today)) },
                         describe: { "insured (\($0.insuranceType.rawValue)), personal account \(Fen.format($0.personalAccountFen))" })
        let offered: Set<Transaction>
        if shenzhenBureau != nil {
            offered = Set(Transaction.allCases)
        } else {
            let capabilities = await record("Capabilities (Shenzhen)", { try await connector.capabilities(division: shenzhen) },
                                            describe: { "protocol \($0.protocolVersion), \($0.transactions.map(\.rawValue).sorted().joined(separator: ", "))" })
            offered = capabilities.map { Set($0.transactions) } ?? [.bindCard, .cardStatus, .eligibility, .settle]
        }
        if offered.isSuperset(of: [.appointmentSlots, .bookAppointment]) {
            let slots = await record("Appointment slots", {
                try await connector.appointmentSlots(SlotsRequest(hospitalID: "pku-shenzhen", department: "cardiology", date: CalendarDate.today(now: Date().addingTimeInterval(3600))), division: shenzhen)
            }, describe: { $0.slots.isEmpty ? "no slots that day" : "\($0.slots.count) slots with \($0.slots[0].doctor)" })
            if let slot = slots?.slots.first {
                _ = await record("Book appointment", { try await connector.bookAppointment(BookingRequest(idNumber: shenzhenPatient, slotID: slot.slotID)) },
                                 describe: { "\($0.appointmentID) at \($0.startsAt)" })
            }
        }
        if offered.contains(.estimateSettlement) {
            _ = await record("Pre-settlement", { try await connector.estimateSettlement(SettlementRequest(idNumber: shenzhenPatient, items: bill)) },
                             describe: Fen.describe)
        }
        let settlement = await record("Settlement (journaled)", { try await connector.settle(SettlementRequest(idNumber: shenzhenPatient, visitID: "visit-0001", items: bill), journal: journal) },
                                      describe: { "\($0.settlementID ?? "?"): " + Fen.describe($0) })
        if let settlement, let id = settlement.settlementID, offered.isSuperset(of: [.refund, .reconciliation]) {
            _ = await record("Refund one item", { try await connector.refund(RefundRequest(settlementID: id, items: [bill[1]]), division: shenzhen) },
                             describe: { "\($0.refundID): fund \(Fen.format($0.fundFen)), account \(Fen.format($0.personalAccountFen)), cash \(Fen.format($0.cashFen))" })
            let totals = ReconciliationTotals(count: 1, totalFen: settlement.totalFen, fundFen: settlement.fundFen,
                                              personalAccountFen: settlement.personalAccountFen, cashFen: settlement.cashFen)
            _ = await record("Daily reconciliation", { try await connector.reconciliation(ReconciliationRequest(date: today, partnerTotals: totals), division: shenzhen) },
                             describe: { $0.mismatches.isEmpty ? "\($0.bureauTotals.count) settlement(s), \(Fen.format($0.bureauTotals.totalFen)): matches" : "MISMATCH: \($0.mismatches.map(\.issue).joined(separator: "; "))" })
        }
        _ = await record("Bind card (刘芳, insured in Chengdu)", {
            try await connector.bindCard(BindCardRequest(idNumber: chengduPatient, name: PersonName("刘芳"), cardNumber: SocialSecurityCardNumber("C87654321"), verification: verification))
        }, describe: { "routed to \($0.issuingDivision.chineseName)'s bureau: card \($0.cardStatus.rawValue)" })
        _ = await record("Settlement (Chengdu)", { try await connector.settle(SettlementRequest(idNumber: chengduPatient, items: [bill[2]]), journal: journal) },
                         describe: Fen.describe)
        _ = await record("Card status (patient from Guangxi)", { try await connector.cardStatus(CardStatusRequest(idNumber: guangxiPatient)) },
                         describe: { "\($0.cardStatus)" })
        return lines
    }
}

/// Amounts in fen, printed in yuan.
enum Fen {
    /// Yuan with two decimals, from integer fen without passing through floating point.
    static func format(_ fen: Int64) -> String {
        "\(fen < 0 ? "-" : "")¥\(fen.magnitude / 100).\(String(fen.magnitude % 100, zeroPaddedTo: 2))"
    }

    static func describe(_ split: SettlementSplit) -> String {
        "total \(format(split.totalFen)) = fund \(format(split.fundFen)) + account \(format(split.personalAccountFen)) + cash \(format(split.cashFen))"
    }
}
