import Foundation
import IDCore

/// The canonical strings the protocol signs (Documentation/ConnectorProtocol.md §3.2, §3.3):
/// the only bytes a signature covers, built the same way by both sides. The body digest covers
/// the envelope's exact bytes, so everything in it (the message id, the transaction, the
/// input) is signed without being canonicalised.
enum CanonicalMessage {
    struct RequestFields {
        let path: String
        let timestamp: String
        let nonce: String
        let partner: String
        let keyID: String
        let body: Data
        /// The signature algorithm, which chooses the body digest.
        let algorithm: SignatureAlgorithm
    }

    struct ResponseFields {
        let requestID: String
        let partner: String
        let status: Int
        let timestamp: String
        let nonce: String
        let keyID: String
        let replayed: Bool
        let body: Data
        /// The signature algorithm, which chooses the body digest.
        let algorithm: SignatureAlgorithm
    }

    static func request(_ fields: RequestFields) throws -> [UInt8] {
        var message = Lines("VIDK-REQUEST-2")
        message.add("POST")
        message.add(fields.path)
        message.add(fields.timestamp)
        message.add(fields.nonce)
        message.add(fields.partner)
        message.add(fields.keyID)
        try message.addDigest(of: fields.body, algorithm: fields.algorithm)
        return message.bytes
    }

    static func response(_ fields: ResponseFields) throws -> [UInt8] {
        var message = Lines("VIDK-RESPONSE-2")
        message.add(fields.requestID)
        message.add(fields.partner)
        message.add(String(fields.status))
        message.add(fields.timestamp)
        message.add(fields.nonce)
        message.add(fields.keyID)
        message.add(fields.replayed ? "true" : "false")
        try message.addDigest(of: fields.body, algorithm: fields.algorithm)
        return message.bytes
    }

    /// Lines joined with line feeds, written into one buffer as they come.
    private struct Lines {
        private(set) var bytes: [UInt8] = []

        init(_ first: String) {
            bytes.reserveCapacity(256)  // a canonical message is about 200 bytes
            bytes.append(contentsOf: first.utf8)
        }

        mutating func add(_ line: String) {
            bytes.append(UInt8(ascii: "\n"))
            bytes.append(contentsOf: line.utf8)
        }

        /// `sm3:<base64url>` for SM2, `sha-256:<base64url>` otherwise, over the exact body bytes.
        mutating func addDigest(of body: Data, algorithm: SignatureAlgorithm) throws {
            let (name, function): (String, HashFunction) = algorithm == .sm2 ? ("sm3:", .sm3) : ("sha-256:", .sha256)
            add(name)
            try body.withUnsafeBytes { try function.appendBase64URLDigest(of: $0, to: &bytes) }
        }
    }
}
