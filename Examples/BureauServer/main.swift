import ExampleSupport
import Foundation
import IDCore
import IDCoreTesting
import SocialSecurity
import SocialSecuritySimulator

// BureauServer: a simulated medical-security platform behind BureauGateway on a loopback HTTP
// server, for the interop tests and for trying an integration by hand.
//
//   BureauServer --area 440300 --partner H44030500017 --partner-key hospital.pub.pem --people people.json
//                --platform-public-out platform.pub.pem [--platform-key platform.pem] [--port 0]
//
// people.json: [{"psn_no", "id_number", "name", "card_number", "card_sn", "balance"}], employees'
// insurance (310) in --area. Prints "listening on 127.0.0.1:<port>" once ready.

do {
    let arguments = try Arguments(["serve"] + Array(CommandLine.arguments.dropFirst()))
    let read = { (option: String) throws -> Data in try Data(contentsOf: URL(fileURLWithPath: try arguments.required(option))) }
    let area = try InsuranceArea(try arguments.required("area"))
    // The platform's key is kept when given, so that partners can pin it across restarts.
    let platformKey = ConnectorSigningKey(try arguments.optional("platform-key").map { _ in try SigningKey(pemRepresentation: String(decoding: read("platform-key"), as: UTF8.self)) }
        ?? SigningKey(generating: .sm2))
    try Data(platformKey.key.publicKey.pemRepresentation.utf8).write(to: URL(fileURLWithPath: try arguments.required("platform-public-out")))
    let partnerKey = try VerificationKey(pemRepresentation: String(decoding: read("partner-key"), as: UTF8.self))
    let people = try InsuredPerson.people(fromJSON: read("people"))
    let gateway = BureauGateway(
        platformArea: area, signingKey: platformKey,
        partners: PartnerRegistry([.init(institution: try InstitutionCode(try arguments.required("partner")), keys: ConnectorKeySet([partnerKey]))]),
        handler: SimulatedPlatform(area: area, people: people, registry: NationalInsuranceRegistry()),
        nonceStore: InMemoryNonceStore(), idempotencyStore: InMemoryIdempotencyStore())
    let server = try LoopbackHTTPServer(gateway: gateway, port: UInt16(arguments.optional("port") ?? "0") ?? 0)
    // A line the interop scripts wait for; FileHandle writes it unbuffered.
    FileHandle.standardOutput.write(Data("listening on 127.0.0.1:\(server.port)\n".utf8))
    server.run()
} catch {
    FileHandle.standardError.write(Data("BureauServer: \(error)\n".utf8))
    exit(2)
}
