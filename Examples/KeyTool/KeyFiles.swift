import ExampleSupport
import Foundation
import IDCore

/// Reading and writing the files KeyTool works on: PEM keys, message bytes and signatures.
enum KeyFiles {
    static func read(_ path: String) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: path))
    }

    static func write(_ data: Data, to path: String) throws {
        try data.write(to: URL(fileURLWithPath: path), options: .atomic)
    }

    static func signingKey(_ path: String, distinguishingID: String?) throws -> SigningKey {
        let key = try SigningKey(pemRepresentation: String(decoding: read(path), as: UTF8.self))
        return try distinguishingID.map { try key.withSM2DistinguishingID(Data($0.utf8)) } ?? key
    }

    static func verificationKey(_ path: String, distinguishingID: String?) throws -> VerificationKey {
        let key = try VerificationKey(pemRepresentation: String(decoding: read(path), as: UTF8.self))
        return try distinguishingID.map { try key.withSM2DistinguishingID(Data($0.utf8)) } ?? key
    }
}

/// How a signature file is encoded: `der` (what the openssl command line and X.509 use) or
/// `raw` (fixed-size `r || s`, what JOSE uses; the only form for Ed25519).
enum SignatureFormat: String {
    case der, raw

    init(_ name: String?, algorithm: SignatureAlgorithm) throws {
        guard let name else {
            self = algorithm == .edDSA ? .raw : .der
            return
        }
        guard let format = SignatureFormat(rawValue: name) else { throw UsageError("--format is 'der' or 'raw', not '\(name)'.") }
        self = format
    }

    func encode(_ signature: Signature) throws -> Data {
        self == .der ? try signature.derRepresentation : signature.rawRepresentation
    }

    func decode(_ bytes: Data, algorithm: SignatureAlgorithm) throws -> Signature {
        self == .der
            ? try Signature(derRepresentation: bytes, algorithm: algorithm)
            : try Signature(rawRepresentation: bytes, algorithm: algorithm)
    }
}
