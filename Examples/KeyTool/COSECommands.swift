import ExampleSupport
import Foundation
import IDCore

/// KeyTool's COSE_Sign1 commands (RFC 9052), for checking the SDK's messages against other
/// COSE implementations.
enum COSECommands {
    static let usage = """
      KeyTool cose-sign --key key.pem --in payload --out message.cbor [--detached yes] [--aad file]
      KeyTool cose-verify --key pub.pem --message message.cbor [--in payload] [--aad file]
      KeyTool cose-mac --secret secret.bin --in payload --out message.cbor [--hash SHA-256|SHA-384|SHA-512] [--aad file]
      KeyTool cose-mac-verify --secret secret.bin --message message.cbor [--aad file]
      KeyTool cose-key --key pub.pem --out key.cbor | --cose key.cbor --out pub.pem
    """

    static func sign(_ arguments: Arguments) throws {
        let key = try KeyFiles.signingKey(try arguments.required("key"), distinguishingID: nil)
        let payload = Array(try KeyFiles.read(try arguments.required("in")))
        let message = try COSESign1.sign(payload, detached: arguments.optional("detached") == "yes", externalAAD: try aad(arguments), signer: key)
        try KeyFiles.write(Data(message.encoded()), to: try arguments.required("out"))
        print("Signed a COSE_Sign1 with \(key)\(message.payload == nil ? " (payload detached)" : "")")
    }

    /// Returns whether the message's signature verified.
    static func verify(_ arguments: Arguments) throws -> Bool {
        let key = try KeyFiles.verificationKey(try arguments.required("key"), distinguishingID: nil)
        let message = try COSESign1(encoded: try KeyFiles.read(try arguments.required("message")))
        let detached = try arguments.optional("in").map { Array(try KeyFiles.read($0)) }
        let valid = try message.isValidSignature(by: key, detachedPayload: detached, externalAAD: try aad(arguments))
        print(valid ? "COSE_Sign1 valid (\(key))" : "COSE_Sign1 INVALID (\(key))")
        return valid
    }

    static func authenticate(_ arguments: Arguments) throws {
        let name = arguments.optional("hash") ?? "SHA-256"
        guard let hash = HashFunction(rawValue: name) else { throw UsageError("Unknown hash '\(name)'.") }
        let message = try COSEMac0.authenticate(Array(try KeyFiles.read(try arguments.required("in"))), externalAAD: try aad(arguments),
                                                key: Array(try KeyFiles.read(try arguments.required("secret"))), hash: hash)
        try KeyFiles.write(Data(message.encoded()), to: try arguments.required("out"))
        print("Authenticated a COSE_Mac0 with HMAC-\(hash)")
    }

    /// Returns whether the message's tag verified.
    static func verifyMAC(_ arguments: Arguments) throws -> Bool {
        let message = try COSEMac0(encoded: try KeyFiles.read(try arguments.required("message")))
        let valid = try message.isValid(key: Array(try KeyFiles.read(try arguments.required("secret"))), externalAAD: try aad(arguments))
        print(valid ? "COSE_Mac0 valid" : "COSE_Mac0 INVALID")
        return valid
    }

    /// Converts a public key between PEM and COSE_Key, whichever it is given.
    static func convertKey(_ arguments: Arguments) throws {
        let output = try arguments.required("out")
        if let coseFile = arguments.optional("cose") {
            let key = try COSEKey(encoded: try KeyFiles.read(coseFile))
            guard let publicKey = key.publicKey else { throw UsageError("\(coseFile) holds a symmetric key, which has no PEM form.") }
            try KeyFiles.write(Data(publicKey.pemRepresentation.utf8), to: output)
            print("Read \(key)")
        } else {
            let key = COSEKey(publicKey: try KeyFiles.verificationKey(try arguments.required("key"), distinguishingID: nil))
            try KeyFiles.write(Data(key.encoded()), to: output)
            print("Wrote \(key)")
        }
    }

    private static func aad(_ arguments: Arguments) throws -> [UInt8] {
        try arguments.optional("aad").map { Array(try KeyFiles.read($0)) } ?? []
    }
}
