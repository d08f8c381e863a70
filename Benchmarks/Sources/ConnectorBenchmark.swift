import Foundation
import IDCore
import SocialSecurity

/// In-process connector round trips (the client signs, the gateway verifies, checks window,
/// nonce and partner, the simulated bureau answers, the gateway signs, the client verifies)
/// beside the four raw signature operations such a round trip contains, in the same run.
enum ConnectorBenchmark {
    static let partner = "hospital-shenzhen-pku"

    static func run(_ algorithms: [SignatureAlgorithm], seconds: Double, rounds: Int) async throws {
        print("Connector round trip in process (eligibility), one thread, best of \(rounds) rounds of \(seconds) s\n")
        var table = ResultTable(columns: ["algorithm", "round trips/s", "4 raw ops/s", "round trip cost / 4 raw", "µs beyond the signatures"])
        for algorithm in [SignatureAlgorithm.sm2, .es256] where algorithms.contains(algorithm) {
            let hospital = ConnectorSigningKey(try SigningKey(generating: algorithm))
            let bureauKey = ConnectorSigningKey(try SigningKey(generating: algorithm))
            let patient = try SampleCard.make().idNumber
            let bureau = SimulatedBureau(people: [try SimulatedBureau.Person(
                idNumber: patient, name: PersonName("李娜"), cardNumber: SocialSecurityCardNumber("G12345678"),
                issuingDivision: AdministrativeDivision(code: "4401"), personalAccountFen: 100_000)])
            let gateway = BureauGateway(bureauID: "440100", signingKey: bureauKey,
                                        partners: PartnerRegistry([.init(id: partner, keys: ConnectorKeySet([hospital.key.publicKey]))]), handler: bureau)
            let endpoint = URL(string: "https://si.gz.example/connector")!
            let connector = ProvincialConnector(
                partnerID: partner, signingKey: hospital,
                directory: ConnectorDirectory([.init(division: "44", bureauID: "440100", endpoint: endpoint, keys: ConnectorKeySet([bureauKey.key.publicKey]))]),
                transport: InProcessTransport(gateways: [endpoint: gateway]))
            _ = try await connector.bindCard(BindCardRequest(idNumber: patient, name: PersonName("李娜"), cardNumber: SocialSecurityCardNumber("G12345678"),
                                                             verification: IdentityVerificationRecord(credentialIssuer: "https://id.gz.gov.cn", faceSimilarity: 0.8, verifiedAt: Date())))
            let request = EligibilityRequest(idNumber: patient, serviceDate: .today())
            // The round trip's own four operations: each side signs with its key and verifies
            // the other's signature with the other's public key.
            let message = Data(repeating: 0x42, count: 300)
            let hospitalSignature = try hospital.key.signature(for: message)
            let bureauSignature = try bureauKey.key.signature(for: message)
            var best = (roundTrip: 0.0, raw: 0.0)
            for _ in 0..<rounds {
                best.roundTrip = max(best.roundTrip, try await Throughput.measure(seconds: seconds) { _ = try await connector.eligibility(request) })
                best.raw = max(best.raw, try Throughput.measure(seconds: seconds) {
                    _ = try hospital.key.signature(for: message)
                    _ = hospital.key.publicKey.isValidSignature(hospitalSignature, for: message)
                    _ = try bureauKey.key.signature(for: message)
                    _ = bureauKey.key.publicKey.isValidSignature(bureauSignature, for: message)
                })
            }
            table.add([algorithm.joseName, best.roundTrip.formatted(decimals: 0), best.raw.formatted(decimals: 0), (best.raw / best.roundTrip).formatted(decimals: 2),
                       (1e6 / best.roundTrip - 1e6 / best.raw).formatted(decimals: 0)])
        }
        print(table.render())
        print("\nround trip cost / 4 raw = time of one round trip / time of two signs and two verifies (target at most 1.25)")
        print("µs beyond the signatures = time of one round trip - time of two signs and two verifies")
    }
}
