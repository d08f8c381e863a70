import Foundation
import IDCore
import IDCoreTesting
import SocialSecurity
import SocialSecuritySimulator

/// The platforms the example talks to when none is given on the command line: Shenzhen's and
/// Chengdu's, simulated in this process behind their gateways, with Shenzhen relaying patients
/// insured in Chengdu there. The hospital reaches Shenzhen only, as a real one does.
struct EmbeddedPlatforms {
    static let shenzhenEndpoint = URL(string: "https://hisp.sz.example/fsi/api/rsfComIfsService/callService")!
    static let chengduEndpoint = URL(string: "https://hisp.cd.example/fsi/api/rsfComIfsService/callService")!

    let registry: NationalInsuranceRegistry
    let shenzhen: SimulatedPlatform
    let directory: ConnectorDirectory
    let transport: InProcessTransport

    /// Builds both platforms; `hospital` signs with `hospitalKey`.
    init(patients: ExamplePatients, hospital: InstitutionCode, hospitalKey: VerificationKey) throws {
        registry = NationalInsuranceRegistry()
        registry.register(patients.chen, card: nil, insuredIn: patients.haikou)

        // Chengdu serves Shenzhen's platform as a partner, for cross-province settlement.
        let relayCode = try InstitutionCode("P44030000001")
        let relayKey = ConnectorSigningKey(try SigningKey(generating: .sm2))
        let chengduKey = ConnectorSigningKey(try SigningKey(generating: .sm2))
        let chengdu = BureauGateway(
            platformArea: patients.chengdu, signingKey: chengduKey,
            partners: PartnerRegistry([.init(institution: relayCode, keys: ConnectorKeySet([relayKey.key.publicKey]))]),
            handler: SimulatedPlatform(area: patients.chengdu, people: [patients.liu], registry: registry),
            nonceStore: InMemoryNonceStore(), idempotencyStore: InMemoryIdempotencyStore())
        let relay = CrossProvinceRelay(connector: try ProvincialConnector(
            institution: relayCode, institutionName: "深圳市医疗保障信息平台", treatmentArea: patients.shenzhen, signingKey: relayKey,
            directory: ConnectorDirectory([.init(area: patients.chengdu, endpoint: Self.chengduEndpoint, keys: ConnectorKeySet([chengduKey.key.publicKey]))]),
            routing: .placeOfInsurance, transport: InProcessTransport(gateways: [Self.chengduEndpoint: chengdu])))

        shenzhen = SimulatedPlatform(area: patients.shenzhen, people: [patients.wang], registry: registry, relay: relay)
        let shenzhenKey = ConnectorSigningKey(try SigningKey(generating: .sm2))
        let gateway = BureauGateway(
            platformArea: patients.shenzhen, signingKey: shenzhenKey,
            partners: PartnerRegistry([.init(institution: hospital, keys: ConnectorKeySet([hospitalKey]))]),
            handler: shenzhen, nonceStore: InMemoryNonceStore(), idempotencyStore: InMemoryIdempotencyStore())
        directory = ConnectorDirectory([.init(area: patients.shenzhen, endpoint: Self.shenzhenEndpoint, keys: ConnectorKeySet([shenzhenKey.key.publicKey]))])
        transport = InProcessTransport(gateways: [Self.shenzhenEndpoint: gateway])
    }
}
