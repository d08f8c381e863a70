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
        let bodyDigest: String
    }

    struct ResponseFields {
        let requestID: String
        let partner: String
        let status: Int
        let timestamp: String
        let nonce: String
        let keyID: String
        let replayed: Bool
        let bodyDigest: String
    }

    static func request(_ fields: RequestFields) -> [UInt8] {
        lines([
            "VIDK-REQUEST-1", fields.method.uppercased(), fields.path, canonicalQuery(fields.query), fields.timestamp, fields.nonce,
            fields.partner, fields.keyID, fields.idempotencyKey ?? "", fields.bodyDigest,
        ])
    }

    static func response(_ fields: ResponseFields) -> [UInt8] {
        lines([
            "VIDK-RESPONSE-1", fields.requestID, fields.partner, String(fields.status), fields.timestamp, fields.nonce, fields.keyID,
            fields.replayed ? "true" : "false", fields.bodyDigest,
        ])
    }

    /// `sm3:<base64url>` for SM2, `sha-256:<base64url>` otherwise, over the exact body bytes.
    static func bodyDigest(_ body: Data, algorithm: SignatureAlgorithm) throws -> String {
        let (name, function): (String, HashFunction) = algorithm == .sm2 ? ("sm3", .sm3) : ("sha-256", .sha256)
        return "\(name):\(try function.hash(body).base64URLEncodedString())"
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

    /// The values joined with line feeds, written once into storage of the final size.
    private static func lines(_ values: [String]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(values.reduce(values.count) { $0 + $1.utf8.count })
        for (position, value) in values.enumerated() {
            if position > 0 { bytes.append(UInt8(ascii: "\n")) }
            bytes.append(contentsOf: value.utf8)
        }
        return bytes
    }
}
