import ExampleSupport
import Foundation
import HospitalVisitKit
import IDCore

// HospitalVisit: the electronic social-security card at a Shenzhen hospital.
//
//   swift run HospitalVisit                               embedded simulated bureaus
//   swift run HospitalVisit --bureau-url URL --bureau-key bureau.pub.pem --hospital-key hospital.pem
//                                                         Shenzhen's bureau over HTTP

do {
    let arguments = try Arguments(["run"] + Array(CommandLine.arguments.dropFirst()))
    let visit: HospitalVisit
    if let url = arguments.optional("bureau-url") {
        guard let endpoint = URL(string: url) else { throw UsageError("--bureau-url is not a URL.") }
        let read = { (option: String) throws -> String in String(decoding: try Data(contentsOf: URL(fileURLWithPath: try arguments.required(option))), as: UTF8.self) }
        visit = try await HospitalVisit(shenzhenURL: endpoint, shenzhenKey: VerificationKey(pemRepresentation: read("bureau-key")),
                                        hospitalKey: SigningKey(pemRepresentation: read("hospital-key")))
        print("VirtualIDKit hospital visit against the Shenzhen bureau at \(url)\n")
    } else {
        visit = try await HospitalVisit()
        print("VirtualIDKit hospital visit against embedded simulated bureaus (Shenzhen 4403, Chengdu 5101)\n")
    }
    for (index, line) in try await visit.run().enumerated() {
        print("\(String(format: "%2d", index + 1)). \(line.transaction)")
        print("    request \(line.requestID)  \(line.succeeded ? "ok" : "refused"): \(line.outcome)")
    }
} catch {
    FileHandle.standardError.write(Data("HospitalVisit: \(error)\n".utf8))
    exit(2)
}
