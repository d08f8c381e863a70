import ExampleSupport
import Foundation
import IDCore

/// KeyTool's ISO/IEC 18013-5 Annex B certificate commands: an IACA, its document signers and
/// CRLs, and the validation of a document signer against IACA trust anchors, for checking the
/// SDK's certificates against OpenSSL and other X.509 implementations.
enum CertificateCommands {
    static let usage = """
      KeyTool iaca --key iaca-key.pem --name "Utopia IACA" --country UT --out iaca.pem [--days 3650] [--start unix-time]
      KeyTool document-signer --iaca iaca.pem --iaca-key iaca-key.pem --key ds-pub.pem --name "Utopia DS" --out ds.pem [--days 365] [--start unix-time]
      KeyTool crl --iaca iaca.pem --iaca-key iaca-key.pem --out crl.pem [--revoke ds.pem] [--days 7] [--start unix-time]
      KeyTool iaca-validate --anchor iaca.pem --chain ds.pem [--crl crl.pem] [--at unix-time]
    """

    static func iaca(_ arguments: Arguments) throws {
        let signer = try KeyFiles.signingKey(try arguments.required("key"), distinguishingID: nil)
        let start = try arguments.unixTime("start")
        let name = X509Name(commonName: try arguments.required("name"), country: try arguments.required("country"))
        let certificate = try MdocCertificateProfile.iacaCertificate(
            name: name, signer: signer, notBefore: start, notAfter: start.addingTimeInterval(try days(arguments, default: 3650)),
            issuerAlternativeName: .uri("https://iaca.example/\(name.country ?? "")"), crlDistributionPoint: "https://iaca.example/iaca.crl")
        try KeyFiles.write(Data(certificate.pemRepresentation.utf8), to: try arguments.required("out"))
        print("Issued \(certificate)")
    }

    static func documentSigner(_ arguments: Arguments) throws {
        let iaca = try certificate(try arguments.required("iaca"))
        let iacaSigner = try KeyFiles.signingKey(try arguments.required("iaca-key"), distinguishingID: nil)
        let key = try KeyFiles.verificationKey(try arguments.required("key"), distinguishingID: nil)
        let start = try arguments.unixTime("start")
        let certificate = try MdocCertificateProfile.documentSignerCertificate(
            name: X509Name(commonName: try arguments.required("name"), country: iaca.subject.country), documentSignerKey: key, iaca: iaca,
            iacaSigner: iacaSigner, notBefore: start, notAfter: start.addingTimeInterval(try days(arguments, default: 365)),
            crlDistributionPoint: "https://iaca.example/ds.crl", issuerAlternativeName: .email("pki@iaca.example"))
        try KeyFiles.write(Data(certificate.pemRepresentation.utf8), to: try arguments.required("out"))
        print("Issued \(certificate)")
    }

    static func crl(_ arguments: Arguments) throws {
        let iaca = try certificate(try arguments.required("iaca"))
        let signer = try KeyFiles.signingKey(try arguments.required("iaca-key"), distinguishingID: nil)
        let start = try arguments.unixTime("start")
        let revoked = try arguments.optional("revoke").map { [(try certificate($0).serialNumber, start)] } ?? []
        let list = try CertificateRevocationList.issue(by: iaca, signer: signer, number: 1, thisUpdate: start,
                                                       nextUpdate: start.addingTimeInterval(try days(arguments, default: 7)), revoked: revoked)
        try KeyFiles.write(Data(list.pemRepresentation.utf8), to: try arguments.required("out"))
        print("Issued \(list)")
    }

    /// Returns whether the chain validated.
    static func validate(_ arguments: Arguments) throws -> Bool {
        let anchors = try X509Certificate.certificates(pemBundle: String(decoding: try KeyFiles.read(try arguments.required("anchor")), as: UTF8.self))
        let chain = try X509Certificate.certificates(pemBundle: String(decoding: try KeyFiles.read(try arguments.required("chain")), as: UTF8.self))
        let crls = try arguments.optional("crl").map { [try CertificateRevocationList(pemRepresentation: String(decoding: try KeyFiles.read($0), as: UTF8.self))] } ?? []
        let trust = try IACATrust(anchors: anchors, revocationLists: crls)
        switch trust.validate(chain: chain, at: try arguments.unixTime("at")) {
        case .success(let validated):
            print("valid: \(validated.documentSigner.subject) under \(validated.iaca.subject)\(validated.revocationChecked ? ", CRL checked" : ", no CRL")")
            return true
        case .failure(let failure):
            print("refused: \(failure)")
            return false
        }
    }

    private static func certificate(_ path: String) throws -> X509Certificate {
        try X509Certificate(pemRepresentation: String(decoding: try KeyFiles.read(path), as: UTF8.self))
    }

    private static func days(_ arguments: Arguments, default fallback: Double) throws -> TimeInterval {
        guard let text = arguments.optional("days") else { return fallback * 86_400 }
        guard let days = Double(text), days > 0 else { throw UsageError("--days is a positive number, not '\(text)'.") }
        return days * 86_400
    }
}
