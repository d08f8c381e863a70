import ExampleSupport
import Foundation
import IDCore

/// KeyTool's COSE_Sign1 commands (RFC 9052), for checking the SDK's messages against other
/// COSE implementations.
enum COSECommands {
    static let usage = """
      KeyTool cose-sign --key key.pem --in payload --out message.cbor [--detached yes] [--aad file]
      KeyTool cose-verify --key pub.pem --message message.cbor [--in payload] [--aad file]
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

    private static func aad(_ arguments: Arguments) throws -> [UInt8] {
        try arguments.optional("aad").map { Array(try KeyFiles.read($0)) } ?? []
    }
}
