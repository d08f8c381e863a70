import Foundation
import IDCore
import IDCoreTesting
import SocialSecurity
import SocialSecuritySimulator

/// Two simulated platforms, Shenzhen (440300, SM2) and Chengdu (510100, ES256), on one national
/// registry; a Shenzhen hospital whose connector talks to Shenzhen's platform, which relays
/// patients insured in Chengdu there. Three patients:
///
/// - 王建国, born in Chengdu (his identity number starts 510107) and insured in Shenzhen;
/// - 刘芳, insured in Chengdu, treated in Shenzhen;
/// - 陈海, insured in Haikou (460100), whose platform is not connected.
struct PlatformFixture {
    static let hospital = try! InstitutionCode("H44030500017")
    static let relayCode = try! InstitutionCode("P44030000001")
    static let shenzhenArea = try! InsuranceArea("440300")
    static let chengduArea = try! InsuranceArea("510100")
    static let haikouArea = try! InsuranceArea("460100")
    static let shenzhenEndpoint = URL(string: "https://hisp.sz.example/fsi/api/rsfComIfsService/callService")!
    static let chengduEndpoint = URL(string: "https://hisp.cd.example/fsi/api/rsfComIfsService/callService")!
    static let clerk = ConnectorOperator(code: "C0012", name: "张敏")

    let clock: TickingClock
    let registry: NationalInsuranceRegistry
    let shenzhen: SimulatedPlatform
    let chengdu: SimulatedPlatform
    let hospitalKey: ConnectorSigningKey
    let shenzhenKey: ConnectorSigningKey
    let partners: PartnerRegistry
    let nonceStore: InMemoryNonceStore
    let idempotencyStore: InMemoryIdempotencyStore
    let shenzhenGateway: BureauGateway
    let directory: ConnectorDirectory
    let transport: InProcessTransport
    let wang: InsuredPerson
    let liu: InsuredPerson
    let chenID: ResidentIDNumber

    private let shenzhenJournal: any PlatformJournal
    private let relay: CrossProvinceRelay

    /// - Parameter shenzhenJournal: where the Shenzhen platform keeps its ledger, shared by every
    ///   instance ``shenzhenInstance()`` makes.
    init(clock: TickingClock = TickingClock(), allowed: Set<InterfaceTransaction> = Set(InterfaceTransaction.allCases),
         shenzhenJournal: any PlatformJournal = InMemoryPlatformJournal()) throws {
        self.clock = clock
        self.shenzhenJournal = shenzhenJournal
        let closure = clock.closure
        registry = NationalInsuranceRegistry(clock: closure)
        wang = try Self.person("P440300000001", Self.number("510107", "19760512", 31), "王建国", card: "M12345678", area: "4403", balance: "1200.00")
        liu = try Self.person("P510100000007", Self.number("510104", "19880101", 42), "刘芳", card: "C87654321", area: "5101", balance: "500.00")
        chenID = try Self.number("460105", "19950615", 11)
        registry.register(chenID, card: nil, insuredIn: Self.haikouArea)
        chengdu = SimulatedPlatform(area: Self.chengduArea, people: [liu], registry: registry)

        hospitalKey = ConnectorSigningKey(try SigningKey(generating: .sm2))
        shenzhenKey = ConnectorSigningKey(try SigningKey(generating: .sm2))
        let chengduKey = ConnectorSigningKey(try SigningKey(generating: .es256))
        let relayKey = ConnectorSigningKey(try SigningKey(generating: .sm2))

        // Chengdu serves Shenzhen's platform as its partner for cross-province settlement.
        let chengduGateway = BureauGateway(
            platformArea: Self.chengduArea, signingKey: chengduKey,
            partners: PartnerRegistry([.init(institution: Self.relayCode, keys: ConnectorKeySet([relayKey.key.publicKey]))]),
            handler: chengdu, nonceStore: InMemoryNonceStore(), idempotencyStore: InMemoryIdempotencyStore(), clock: closure)
        let relayConnector = try ProvincialConnector(
            institution: Self.relayCode, institutionName: "深圳市医疗保障信息平台", treatmentArea: Self.shenzhenArea, signingKey: relayKey,
            directory: ConnectorDirectory([.init(area: Self.chengduArea, endpoint: Self.chengduEndpoint, keys: ConnectorKeySet([chengduKey.key.publicKey]))]),
            routing: .placeOfInsurance, transport: InProcessTransport(gateways: [Self.chengduEndpoint: chengduGateway]), clock: closure, sleep: { _ in })
        relay = CrossProvinceRelay(connector: relayConnector)
        shenzhen = SimulatedPlatform(area: Self.shenzhenArea, people: [wang], registry: registry, relay: relay, journal: shenzhenJournal)

        partners = PartnerRegistry([.init(institution: Self.hospital, keys: ConnectorKeySet([hospitalKey.key.publicKey]), allowedTransactions: allowed)])
        nonceStore = InMemoryNonceStore()
        idempotencyStore = InMemoryIdempotencyStore()
        shenzhenGateway = BureauGateway(platformArea: Self.shenzhenArea, signingKey: shenzhenKey, partners: partners, handler: shenzhen,
                                        nonceStore: nonceStore, idempotencyStore: idempotencyStore, clock: closure)
        directory = ConnectorDirectory([.init(area: Self.shenzhenArea, endpoint: Self.shenzhenEndpoint, keys: ConnectorKeySet([shenzhenKey.key.publicKey]))])
        transport = InProcessTransport(gateways: [Self.shenzhenEndpoint: shenzhenGateway])
    }

    /// Another instance of the Shenzhen platform, as a second process would run it: the same
    /// configuration, the same journal, a ledger of its own in memory.
    func shenzhenInstance() -> SimulatedPlatform {
        SimulatedPlatform(area: Self.shenzhenArea, people: [wang], registry: registry, relay: relay, journal: shenzhenJournal)
    }

    /// The hospital's connector, over `transport` (the in-process one by default).
    func connector(transport: (any ConnectorTransport)? = nil, terminal: Int? = nil, retryPolicy: RetryPolicy = RetryPolicy(baseDelay: 0, maximumDelay: 0)) throws -> ProvincialConnector {
        try ProvincialConnector(institution: Self.hospital, institutionName: "北京大学深圳医院", treatmentArea: Self.shenzhenArea, signingKey: hospitalKey,
                                directory: directory, transport: transport ?? self.transport, terminal: terminal, retryPolicy: retryPolicy,
                                circuitBreaker: CircuitBreaker(failureThreshold: 1_000_000), clock: clock.closure, sleep: { _ in })
    }

    /// A clerk signed in on the hospital's connector.
    func session(transport: (any ConnectorTransport)? = nil, terminal: Int? = nil) async throws -> ConnectorSession {
        try await connector(transport: transport, terminal: terminal).signIn(Self.clerk, macAddress: "3C-52-82-1A-7F-02", ipAddress: "10.8.1.23")
    }

    static func number(_ division: String, _ birth: String, _ sequence: Int) throws -> ResidentIDNumber {
        let body = division + birth + String(format: "%03d", sequence)
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        let check = Array("10X98765432")[zip(body.compactMap(\.wholeNumberValue), weights).map(*).reduce(0, +) % 11]
        return try ResidentIDNumber(body + String(check))
    }

    static func person(_ personNumber: String, _ idNumber: ResidentIDNumber, _ name: String, card: String, area: String, balance: String) throws -> InsuredPerson {
        try InsuredPerson(personNumber: personNumber, idNumber: idNumber, name: PersonName(name), card: (SocialSecurityCardNumber(card), "\(card)SN"),
                          insurance: [.init(type: .employeeBasic, insuredSince: CalendarDate(year: 2010, month: 7, day: 1),
                                            personalAccount: Yuan(balance), fundLimit: Yuan("300000.00"), employer: "深圳市某科技有限公司")])
    }
}
