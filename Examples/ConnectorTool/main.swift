import ExampleSupport
import Foundation
import IDCore
import SocialSecurity

// ConnectorTool: one connector call to a bureau over HTTP, for trying a bureau by hand and for
// the interop scripts.
//
//   ConnectorTool <bind|status|eligibility|settle|cancel|reverse> --bureau-url URL --bureau-key bureau.pub.pem
//                 --division 4403 --partner-id ID --partner-key partner.pem [--id-number N]
//                 [--name NAME --card-number CARD] [--appointment-id ID] [--settlement-id ID] [--idempotency-key KEY]
//
// Prints the bureau's answer as JSON; exits 1 with the error code on stderr when refused.

func run() async throws {
    let arguments = try Arguments(Array(CommandLine.arguments.dropFirst()))
    func pem(_ option: String) throws -> String {
        String(decoding: try Data(contentsOf: URL(fileURLWithPath: try arguments.required(option))), as: UTF8.self)
    }
    guard let endpoint = URL(string: try arguments.required("bureau-url")) else { throw UsageError("--bureau-url is not a URL.") }
    let bureauKey = try VerificationKey(pemRepresentation: pem("bureau-key"))
    let directory = ConnectorDirectory([
        .init(division: try arguments.required("division"), bureauID: "bureau", endpoint: endpoint, keys: ConnectorKeySet([bureauKey])),
    ])
    let connector = ProvincialConnector(partnerID: try arguments.required("partner-id"), signingKey: ConnectorSigningKey(try SigningKey(pemRepresentation: pem("partner-key"))),
                                        directory: directory, transport: HTTPTransport(), retryPolicy: .never)
    let division = try AdministrativeDivision(code: try arguments.required("division"))
    func person() throws -> ResidentIDNumber { try ResidentIDNumber(try arguments.required("id-number")) }
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    let answer: Data = switch arguments.command {
    case "bind":
        try encoder.encode(await connector.bindCard(BindCardRequest(
            idNumber: try person(), name: PersonName(try arguments.required("name")), cardNumber: SocialSecurityCardNumber(try arguments.required("card-number")),
            verification: IdentityVerificationRecord(credentialIssuer: "https://id.gz.gov.cn", faceSimilarity: 0.8, verifiedAt: Date()))))
    case "status":
        try encoder.encode(await connector.cardStatus(CardStatusRequest(idNumber: try person())))
    case "eligibility":
        try encoder.encode(await connector.eligibility(EligibilityRequest(idNumber: try person(), serviceDate: .today())))
    case "settle":
        try encoder.encode(await connector.settle(SettlementRequest(idNumber: try person(), items: [
            BillItem(code: "D104", name: "Amoxicillin 0.25 g", category: .drug, quantity: 2, unitPriceFen: 1_850),
        ]), idempotencyKey: arguments.optional("idempotency-key")))
    case "cancel":
        try encoder.encode(await connector.cancelAppointment(CancellationRequest(appointmentID: try arguments.required("appointment-id")),
                                                             division: division, idempotencyKey: arguments.optional("idempotency-key")))
    case "reverse":
        try encoder.encode(await connector.reverseSettlement(ReversalRequest(settlementID: try arguments.required("settlement-id"), reason: "entered twice"),
                                                             division: division, idempotencyKey: arguments.optional("idempotency-key")))
    default:
        throw UsageError("Unknown command '\(arguments.command)': bind, status, eligibility, settle, cancel or reverse.")
    }
    print(String(decoding: answer, as: UTF8.self))
}

do {
    try await run()
} catch let error as ConnectorError {
    FileHandle.standardError.write(Data("\(error.code.rawValue): \(error.reason)\n".utf8))
    exit(1)
} catch {
    FileHandle.standardError.write(Data("ConnectorTool: \(error)\n".utf8))
    exit(2)
}
