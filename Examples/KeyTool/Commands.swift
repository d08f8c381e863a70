import ExampleSupport
import Foundation
import IDCore

/// The KeyTool commands other than the tour: each reads its files, does one thing with IDCore
/// and says what it did.
enum Commands {
    static let usage = """
    KeyTool: keys and signatures with VirtualIDKit's IDCore (OpenSSL 3 underneath).

      KeyTool [tour]                                   generate, sign and verify with every algorithm
      KeyTool generate --alg ES256|ES384|EdDSA|SM2 --out key.pem [--public-out pub.pem]
      KeyTool public --key key.pem --out pub.pem
      KeyTool sign --key key.pem --in message --out signature [--format der|raw] [--distid ID]
      KeyTool verify --key pub.pem --in message --signature signature [--format der|raw] [--distid ID]
      KeyTool jwk --key pub.pem|key.pem [--private yes]
      KeyTool thumbprint --key pub.pem

    Private keys are PKCS#8 PEM; public keys SubjectPublicKeyInfo PEM. ECDSA and SM2 signatures
    default to DER, Ed25519 to raw. SM2 uses the distinguishing ID 1234567812345678 unless --distid.
    verify exits 0 for a valid signature and 1 for an invalid one.
    """

    static func generate(_ arguments: Arguments) throws {
        let name = try arguments.required("alg")
        guard let algorithm = SignatureAlgorithm(rawValue: name) else { throw UsageError("Unknown algorithm '\(name)'.") }
        let key = try SigningKey(generating: algorithm)
        try KeyFiles.write(Data(try key.pemRepresentation.utf8), to: try arguments.required("out"))
        if let publicPath = arguments.optional("public-out") {
            try KeyFiles.write(Data(key.publicKey.pemRepresentation.utf8), to: publicPath)
        }
        print("Generated \(key)")
    }

    static func publicKey(_ arguments: Arguments) throws {
        let key = try KeyFiles.signingKey(try arguments.required("key"), distinguishingID: nil)
        try KeyFiles.write(Data(key.publicKey.pemRepresentation.utf8), to: try arguments.required("out"))
        print("Wrote \(key.publicKey)")
    }

    static func sign(_ arguments: Arguments) throws {
        let key = try KeyFiles.signingKey(try arguments.required("key"), distinguishingID: arguments.optional("distid"))
        let format = try SignatureFormat(arguments.optional("format"), algorithm: key.algorithm)
        let signature = try key.signature(for: KeyFiles.read(try arguments.required("in")))
        try KeyFiles.write(try format.encode(signature), to: try arguments.required("out"))
        print("Signed with \(key) (\(format.rawValue) signature)")
    }

    /// Returns whether the signature verified.
    static func verify(_ arguments: Arguments) throws -> Bool {
        let key = try KeyFiles.verificationKey(try arguments.required("key"), distinguishingID: arguments.optional("distid"))
        let format = try SignatureFormat(arguments.optional("format"), algorithm: key.algorithm)
        let signature = try format.decode(KeyFiles.read(try arguments.required("signature")), algorithm: key.algorithm)
        let valid = key.isValidSignature(signature, for: try KeyFiles.read(try arguments.required("in")))
        print(valid ? "Signature valid (\(key))" : "Signature INVALID (\(key))")
        return valid
    }

    static func jwk(_ arguments: Arguments) throws {
        let path = try arguments.required("key")
        let text = String(decoding: try KeyFiles.read(path), as: UTF8.self)
        let jwk: JSONWebKey
        if text.contains("PRIVATE KEY-----") {
            let key = try SigningKey(pemRepresentation: text)
            jwk = arguments.optional("private") == "yes" ? try key.jwk : key.publicKey.jwk
        } else {
            jwk = try VerificationKey(pemRepresentation: text).jwk
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        print(String(decoding: try encoder.encode(jwk), as: UTF8.self))
    }

    static func thumbprint(_ arguments: Arguments) throws {
        print(try KeyFiles.verificationKey(try arguments.required("key"), distinguishingID: nil).thumbprint)
    }
}
