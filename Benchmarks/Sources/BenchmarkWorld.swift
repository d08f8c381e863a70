import Foundation
import IDCore
import IDCoreTesting
import SocialSecurity
import SocialSecuritySimulator
import Synchronization

/// A Shenzhen platform simulated in process behind its gateway, one insured person, and a
/// hospital connector: what the connector benchmarks run against. With several instances, each
/// has a gateway with stores of its own and a platform of its own on the shared ledger journal,
/// and the connector's messages go to them in turn, as through a load balancer.
struct BenchmarkWorld {
    /// The stores of one gateway instance.
    typealias GatewayStores = (nonces: any NonceStore, messages: any IdempotencyStore)

    let area: InsuranceArea
    let person: InsuredPerson
    let hospitalKey: ConnectorSigningKey
    let platformKey: ConnectorSigningKey
    let connector: ProvincialConnector

    /// - Parameters:
    ///   - stores: opens the stores of one gateway instance (called once per instance).
    ///   - ledger: the simulated platform's journal, shared by its instances.
    init(algorithm: SignatureAlgorithm, maximumBodyBytes: Int = 1024 * 1024, instances: Int = 1,
         stores: () throws -> GatewayStores = { (InMemoryNonceStore(capacity: 10_000_000), InMemoryIdempotencyStore(capacity: 10_000_000)) },
         ledger: any PlatformJournal = InMemoryPlatformJournal()) throws {
        area = try InsuranceArea("440300")
        let idNumber = try SampleCard.make().idNumber
        person = try InsuredPerson(personNumber: "P440300000001", idNumber: idNumber, name: PersonName("李娜"), card: nil,
                                   insurance: [.init(type: .employeeBasic, insuredSince: CalendarDate(year: 2010, month: 1, day: 1),
                                                     personalAccount: Yuan("99999999.00"), fundLimit: Yuan("99999999999.00"))])
        hospitalKey = ConnectorSigningKey(try SigningKey(generating: algorithm))
        platformKey = ConnectorSigningKey(try SigningKey(generating: algorithm))
        let hospital = try InstitutionCode("H44030500017")
        let registry = NationalInsuranceRegistry()
        let (area, person, platformKey, hospitalKey) = (area, person, platformKey, hospitalKey)
        let gateways = try (0..<max(1, instances)).map { _ in
            let (nonces, messages) = try stores()
            return BureauGateway(
                platformArea: area, signingKey: platformKey,
                partners: PartnerRegistry([.init(institution: hospital, keys: ConnectorKeySet([hospitalKey.key.publicKey]))]),
                handler: SimulatedPlatform(area: area, people: [person], registry: registry, journal: ledger),
                nonceStore: nonces, idempotencyStore: messages, limits: GatewayLimits(maximumBodyBytes: maximumBodyBytes))
        }
        let endpoint = URL(string: "https://hisp.sz.example/fsi/api")!
        connector = try ProvincialConnector(
            institution: hospital, institutionName: "北京大学深圳医院", treatmentArea: area, signingKey: hospitalKey,
            directory: ConnectorDirectory([.init(area: area, endpoint: endpoint, keys: ConnectorKeySet([platformKey.key.publicKey]))]),
            transport: gateways.count == 1 ? InProcessTransport(gateways: [endpoint: gateways[0]]) : RoundRobinTransport(gateways: gateways))
    }

    func session() async throws -> ConnectorSession {
        try await connector.signIn(ConnectorOperator(code: "C0012", name: "张敏"), macAddress: "3C-52-82-1A-7F-02", ipAddress: "10.8.1.23")
    }

    /// One visit with `count` charge batches of one consultation each, uploaded 1,000 lines at a
    /// time; the 2207 input of every batch.
    func billedBatches(_ count: Int, session: ConnectorSession) async throws -> [SettlementInput] {
        let credential = MedicalCredential.identityCard(person.idNumber)
        let visit = try await session.register(RegistrationInput(
            personNumber: person.personNumber, insuranceType: .employeeBasic, startsAt: Date(), credential: credential, outpatientNumber: "MZ-BENCH",
            doctorCode: "D1", doctorName: "陈医生", departmentCode: "A03", departmentName: "心血管内科", specialty: "A03"), insuredArea: area)
        let lines = try (0..<count).map { index in
            try FeeDetail(serialNumber: "B\(index)-1", visitID: visit.visitID, personNumber: person.personNumber, chargeBatch: "B\(index)", incurredAt: Date(),
                          catalogueCode: ServiceCatalogue.Codes.consultation, institutionCatalogueCode: "HIS-1", quantity: FeeQuantity("1"),
                          unitPrice: UnitPrice("30"), billingDepartmentCode: "A03", billingDepartmentName: "心血管内科", billingDoctorCode: "D1",
                          billingDoctorName: "陈医生")
        }
        for start in stride(from: 0, to: lines.count, by: 1000) {
            _ = try await session.uploadFeeDetails(FeeDetailUpload(lines: Array(lines[start..<min(start + 1000, lines.count)])), insuredArea: area)
        }
        return lines.map { line in
            SettlementInput(personNumber: person.personNumber, credential: credential, total: line.total, visitID: visit.visitID, chargeBatch: line.chargeBatch,
                            insuranceType: .employeeBasic)
        }
    }
}

/// Sends each message to the next gateway instance in turn, as a load balancer in front of
/// them would.
final class RoundRobinTransport: ConnectorTransport {
    private let gateways: [BureauGateway]
    private let next = Atomic<Int>(0)

    init(gateways: [BureauGateway]) { self.gateways = gateways }

    func send(_ request: ConnectorHTTPRequest, to endpoint: URL) async throws -> ConnectorHTTPResponse {
        await gateways[next.add(1, ordering: .relaxed).oldValue % gateways.count].handle(request)
    }
}

/// A journal in memory, for measuring what does not depend on the disk.
actor MemoryJournal: SettlementJournal {
    private var entries: [String: JournalEntry] = [:]
    private var order: [String] = []
    private var leases = InProcessLeases()

    func claim(_ entry: JournalEntry) -> JournalEntry {
        if let existing = entries[entry.businessID] { return existing }
        record(entry)
        return entry
    }

    func record(_ entry: JournalEntry) {
        if entries.updateValue(entry, forKey: entry.businessID) == nil { order.append(entry.businessID) }
    }

    func entry(_ businessID: String) -> JournalEntry? { entries[businessID] }

    func acquireLease(_ businessID: String, holder: String, now: Date, until: Date) -> Bool {
        leases.acquire(businessID, holder: holder, now: now, until: until)
    }

    func releaseLease(_ businessID: String, holder: String) { leases.release(businessID, holder: holder) }

    func pending() -> [JournalEntry] { order.compactMap { entries[$0] }.filter(\.isPending) }

    func completed(in period: ReconciliationPeriod) -> [JournalEntry] {
        order.compactMap { entries[$0] }.filter { $0.record.map { period.contains(CalendarDate.today(now: $0.info.settledAt)) } ?? false }
    }
}
