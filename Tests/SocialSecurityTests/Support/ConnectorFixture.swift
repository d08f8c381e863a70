import Foundation
import IDCore
@testable import SocialSecurity

/// Two simulated bureaus (Shenzhen 4403 with SM2, Chengdu 5101 with ES256), a hospital partner
/// and its connector, all in process on one clock.
struct ConnectorFixture {
    static let partner = "hospital-shenzhen-pku"
    static let shenzhen = URL(string: "https://si.sz.example/connector")!
    static let chengdu = URL(string: "https://si.cd.example/connector")!

    let now: Date
    let hospitalKey: ConnectorSigningKey
    let shenzhenBureau: SimulatedBureau
    let chengduBureau: SimulatedBureau
    let shenzhenGateway: BureauGateway
    let directory: ConnectorDirectory
    let transport: InProcessTransport
    let connector: ProvincialConnector
    let shenzhenPatient: ResidentIDNumber
    let chengduPatient: ResidentIDNumber
    let guangxiPatient: ResidentIDNumber

    init(now: Date = Date(timeIntervalSince1970: 1_795_600_000), allowed: Set<Transaction> = Set(Transaction.allCases)) throws {
        self.now = now
        let clock: @Sendable () -> Date = { now }
        hospitalKey = ConnectorSigningKey(try SigningKey(generating: .sm2))
        let shenzhenKey = ConnectorSigningKey(try SigningKey(generating: .sm2))
        let chengduKey = ConnectorSigningKey(try SigningKey(generating: .es256))
        shenzhenPatient = try Self.number("440305", "19760512", 31)
        chengduPatient = try Self.number("510107", "19880101", 42)
        guangxiPatient = try Self.number("450102", "19950615", 11)
        shenzhenBureau = SimulatedBureau(people: [try Self.person(shenzhenPatient, "王建国", "M12345678", "4403", balance: 120_000)], clock: clock)
        chengduBureau = SimulatedBureau(people: [try Self.person(chengduPatient, "刘芳", "C87654321", "5101", balance: 50_000)], clock: clock)
        let partners = PartnerRegistry([.init(id: Self.partner, keys: ConnectorKeySet([hospitalKey.key.publicKey]), allowedTransactions: allowed)])
        shenzhenGateway = BureauGateway(bureauID: "440300", signingKey: shenzhenKey, partners: partners, handler: shenzhenBureau, clock: clock)
        let chengduGateway = BureauGateway(bureauID: "510100", signingKey: chengduKey, partners: partners, handler: chengduBureau, clock: clock)
        directory = ConnectorDirectory([
            .init(division: "4403", bureauID: "440300", endpoint: Self.shenzhen, keys: ConnectorKeySet([shenzhenKey.key.publicKey])),
            .init(division: "5101", bureauID: "510100", endpoint: Self.chengdu, keys: ConnectorKeySet([chengduKey.key.publicKey])),
        ])
        transport = InProcessTransport(gateways: [Self.shenzhen: shenzhenGateway, Self.chengdu: chengduGateway])
        connector = ProvincialConnector(partnerID: Self.partner, signingKey: hospitalKey, directory: directory, transport: transport, clock: clock)
    }

    static func number(_ division: String, _ birth: String, _ sequence: Int) throws -> ResidentIDNumber {
        let body = division + birth + String(format: "%03d", sequence)
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        let check = Array("10X98765432")[zip(body.compactMap(\.wholeNumberValue), weights).map(*).reduce(0, +) % 11]
        return try ResidentIDNumber(body + String(check))
    }

    static func person(_ number: ResidentIDNumber, _ name: String, _ card: String, _ division: String, balance: Int64) throws -> SimulatedBureau.Person {
        try SimulatedBureau.Person(idNumber: number, name: PersonName(name), cardNumber: SocialSecurityCardNumber(card),
                                   issuingDivision: AdministrativeDivision(code: division), personalAccountFen: balance)
    }

    func bind(_ number: ResidentIDNumber, name: String, card: String) async throws -> CardStatusResponse {
        try await connector.bindCard(BindCardRequest(
            idNumber: number, name: PersonName(name), cardNumber: SocialSecurityCardNumber(card),
            verification: IdentityVerificationRecord(credentialIssuer: "https://id.gz.gov.cn", faceSimilarity: 0.82, verifiedAt: now)
        ))
    }

    static let bill = [
        BillItem(code: "A001", name: "Consultation", category: .service, quantity: 1, unitPriceFen: 2_500),
        BillItem(code: "D104", name: "Amoxicillin 0.25 g", category: .drug, quantity: 3, unitPriceFen: 1_850),
        BillItem(code: "E220", name: "Blood test", category: .exam, quantity: 1, unitPriceFen: 8_000),
    ]
}
