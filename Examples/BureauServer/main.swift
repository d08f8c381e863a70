import ExampleSupport
import Foundation
import IDCore
import SocialSecurity

// BureauServer: a simulated provincial bureau behind BureauGateway on a loopback HTTP server.
//
//   BureauServer --bureau-id 440300 --partner-id hospital-x --partner-key partner.pub.pem
//                --people people.json --bureau-public-out bureau.pub.pem [--port 0]
//
// people.json: [{"id_number", "name", "card_number", "division", "personal_account_fen"}].
// Prints "listening on 127.0.0.1:<port>" once ready.

struct PersonRecord: Decodable {
    let idNumber: String
    let name: String
    let cardNumber: String
    let division: String
    let personalAccountFen: Int64

    enum CodingKeys: String, CodingKey { case idNumber = "id_number", name, cardNumber = "card_number", division, personalAccountFen = "personal_account_fen" }
}

do {
    let arguments = try Arguments(["serve"] + Array(CommandLine.arguments.dropFirst()))
    let bureauKey = ConnectorSigningKey(try SigningKey(generating: .sm2))
    try Data(bureauKey.key.publicKey.pemRepresentation.utf8).write(to: URL(fileURLWithPath: try arguments.required("bureau-public-out")))
    let partnerKey = try VerificationKey(pemRepresentation: String(decoding: Data(contentsOf: URL(fileURLWithPath: try arguments.required("partner-key"))), as: UTF8.self))
    let records = try JSONDecoder().decode([PersonRecord].self, from: Data(contentsOf: URL(fileURLWithPath: try arguments.required("people"))))
    let people = try records.map {
        try SimulatedBureau.Person(idNumber: ResidentIDNumber($0.idNumber), name: PersonName($0.name), cardNumber: SocialSecurityCardNumber($0.cardNumber),
                                   issuingDivision: AdministrativeDivision(code: $0.division), personalAccountFen: $0.personalAccountFen)
    }
    let gateway = BureauGateway(
        bureauID: try arguments.required("bureau-id"), signingKey: bureauKey,
        partners: PartnerRegistry([.init(id: try arguments.required("partner-id"), keys: ConnectorKeySet([partnerKey]))]),
        handler: SimulatedBureau(people: people)
    )
    let server = try LoopbackHTTPServer(gateway: gateway, port: UInt16(arguments.optional("port") ?? "0") ?? 0)
    // A line the interop scripts wait for; FileHandle writes it unbuffered.
    FileHandle.standardOutput.write(Data("listening on 127.0.0.1:\(server.port)\n".utf8))
    server.run()
} catch {
    FileHandle.standardError.write(Data("BureauServer: \(error)\n".utf8))
    exit(2)
}
