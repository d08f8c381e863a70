import ExampleSupport
import Foundation
import IDCore

/// KeyTool's JWE commands (ECDH-ES on P-256 with A128GCM or A256GCM, compact serialization):
/// encrypt to a verifier's public key and decrypt with its private key, for checking the SDK's
/// encrypted OpenID4VP responses against other implementations.
enum JWECommands {
    static let usage = """
      KeyTool jwe-encrypt --to pub.pem --in plaintext --out response.jwe [--enc A128GCM|A256GCM] [--kid id]
      KeyTool jwe-decrypt --key key.pem --in response.jwe --out plaintext
    """

    static func encrypt(_ arguments: Arguments) throws {
        let recipient = try KeyFiles.verificationKey(try arguments.required("to"), distinguishingID: nil)
        let name = arguments.optional("enc") ?? CompactJWE.ContentEncryption.a128GCM.rawValue
        guard let encryption = CompactJWE.ContentEncryption(rawValue: name) else {
            throw UsageError("--enc is \(CompactJWE.ContentEncryption.allCases.map(\.rawValue).joined(separator: " or ")), not \(name).")
        }
        let jwe = try CompactJWE.encrypt(try KeyFiles.read(try arguments.required("in")), to: recipient, encryption: encryption, keyID: arguments.optional("kid"))
        try KeyFiles.write(Data(jwe.utf8), to: try arguments.required("out"))
        print("Encrypted with ECDH-ES and \(encryption.rawValue)")
    }

    static func decrypt(_ arguments: Arguments) throws {
        let key = try KeyFiles.signingKey(try arguments.required("key"), distinguishingID: nil)
        let jwe = String(decoding: try KeyFiles.read(try arguments.required("in")), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        let decrypted = try CompactJWE.decrypt(jwe, with: key)
        try KeyFiles.write(decrypted.plaintext, to: try arguments.required("out"))
        print("Decrypted \(decrypted.plaintext.count) bytes (\(decrypted.encryption.rawValue))")
    }
}
