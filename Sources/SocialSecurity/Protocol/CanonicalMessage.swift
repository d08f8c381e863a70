import Foundation
import IDCore

/// The canonical strings the protocol signs (Documentation/ConnectorProtocol.md §3.2, §4): the
/// only bytes a signature covers, built the same way by both sides.
enum CanonicalMessage {
    struct RequestFields {
        let method: String
        let path: String
        let query: String
        let timestamp: String
        let nonce: String
        let partner: String
        let keyID: String
        let idempotencyKey: String?
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
        var message = Lines("VIDK-REQUEST-1")
        message.add(fields.method.uppercased())
        message.add(fields.path)
        message.add(canonicalQuery(fields.query))
        message.add(fields.timestamp)
        message.add(fields.nonce)
        message.add(fields.partner)
        message.add(fields.keyID)
        message.add(fields.idempotencyKey ?? "")
        try message.addDigest(of: fields.body, algorithm: fields.algorithm)
        return message.bytes
    }

    static func response(_ fields: ResponseFields) throws -> [UInt8] {
        var message = Lines("VIDK-RESPONSE-1")
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

    /// Query parameters decoded, re-encoded with only RFC 3986 unreserved characters left as
    /// they are, sorted by name then value, joined with `&`.
    static func canonicalQuery(_ query: String) -> String {
        guard !query.isEmpty else { return "" }
        let pairs = query.split(separator: "&").map { pair -> (String, String) in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let decode = { (text: Substring) in (String(text).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(text)) }
            return (encode(decode(parts[0])), encode(parts.count > 1 ? decode(parts[1]) : ""))
        }
        return pairs.sorted { ($0.0, $0.1) < ($1.0, $1.1) }.map { "\($0.0)=\($0.1)" }.joined(separator: "&")
    }

    private static func encode(_ text: String) -> String {
        text.utf8.map { byte in
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                String(UnicodeScalar(byte))
            default:
                "%" + String(byte, radix: 16, uppercase: true, zeroPaddedTo: 2)
            }
        }.joined()
    }

    /// Lines joined with line feeds, written into one buffer as they come.
    private struct Lines {
        private(set) var bytes: [UInt8] = []

        init(_ first: String) {
            bytes.reserveCapacity(384)  // a canonical message is about 250 bytes
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
            bytes.append(contentsOf: try body.withUnsafeBytes(function.base64URLDigest).utf8)
        }
    }
}
