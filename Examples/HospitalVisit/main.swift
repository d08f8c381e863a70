import ExampleSupport
import Foundation
import HospitalVisitKit
import IDCore

// HospitalVisit: a day at a Shenzhen hospital on the national medical-insurance interface.
//
//   swift run HospitalVisit                    embedded simulated platforms (Shenzhen, Chengdu)
//   swift run HospitalVisit --platform-url URL --platform-key platform.pub.pem --hospital-key hospital.pem
//                                              Shenzhen's platform over HTTP

do {
    let arguments = try Arguments(["run"] + Array(CommandLine.arguments.dropFirst()))
    let visit: HospitalVisit
    if let url = arguments.optional("platform-url") {
        guard let endpoint = URL(string: url) else { throw UsageError("--platform-url is not a URL.") }
        let read = { (option: String) throws -> String in String(decoding: try Data(contentsOf: URL(fileURLWithPath: try arguments.required(option))), as: UTF8.self) }
        visit = try HospitalVisit(platformURL: endpoint, platformKey: VerificationKey(pemRepresentation: read("platform-key")),
                                  hospitalKey: SigningKey(pemRepresentation: read("hospital-key")))
        print("VirtualIDKit hospital visit against the Shenzhen platform at \(url)\n")
    } else {
        visit = try HospitalVisit()
        print("VirtualIDKit hospital visit against embedded simulated platforms (Shenzhen 440300, Chengdu 510100)\n")
    }
    for (index, line) in try await visit.run().enumerated() {
        print("\(String(format: "%2d", index + 1)). \(line.transaction)")
        print("    msgid \(line.messageID)  \(line.succeeded ? "ok" : "refused"): \(line.outcome)")
    }
} catch {
    FileHandle.standardError.write(Data("HospitalVisit: \(error)\n".utf8))
    exit(2)
}
