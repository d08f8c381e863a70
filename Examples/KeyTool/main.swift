import ExampleSupport
import Foundation

let usage = [Commands.usage, COSECommands.usage, CertificateCommands.usage, MdocCommands.usage, JWECommands.usage].joined(separator: "\n")

do {
    let arguments = try Arguments(Array(CommandLine.arguments.dropFirst()))
    switch arguments.command {
    case "tour": try Tour.run()
    case "generate": try Commands.generate(arguments)
    case "public": try Commands.publicKey(arguments)
    case "sign": try Commands.sign(arguments)
    case "verify": exit(try Commands.verify(arguments) ? 0 : 1)
    case "jwk": try Commands.jwk(arguments)
    case "thumbprint": try Commands.thumbprint(arguments)
    case "cose-sign": try COSECommands.sign(arguments)
    case "cose-verify": exit(try COSECommands.verify(arguments) ? 0 : 1)
    case "cose-mac": try COSECommands.authenticate(arguments)
    case "cose-mac-verify": exit(try COSECommands.verifyMAC(arguments) ? 0 : 1)
    case "cose-key": try COSECommands.convertKey(arguments)
    case "iaca": try CertificateCommands.iaca(arguments)
    case "document-signer": try CertificateCommands.documentSigner(arguments)
    case "crl": try CertificateCommands.crl(arguments)
    case "iaca-validate": exit(try CertificateCommands.validate(arguments) ? 0 : 1)
    case "mdoc-issue": try MdocCommands.issue(arguments)
    case "mdoc-present": try MdocCommands.present(arguments)
    case "mdoc-verify": exit(try await MdocCommands.verify(arguments) ? 0 : 1)
    case "jwe-encrypt": try JWECommands.encrypt(arguments)
    case "jwe-decrypt": try JWECommands.decrypt(arguments)
    case "help", "-h", "--help": print(usage)
    default: throw UsageError("Unknown command '\(arguments.command)'.\n\n" + usage)
    }
} catch {
    FileHandle.standardError.write(Data("KeyTool: \(error)\n".utf8))
    exit(2)
}
