/// Nonces and idempotency keys: 16 to 64 characters of the base64url alphabet (protocol §3.1).
enum ProtocolToken {
    static func check(_ token: String, name: String) throws {
        guard (16...64).contains(token.utf8.count), token.utf8.allSatisfy(isAllowed) else {
            throw ConnectorError(.malformedRequest, "\(name) must be 16 to 64 characters of A–Z, a–z, 0–9, '-' and '_'.")
        }
    }

    private static func isAllowed(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "-"), UInt8(ascii: "_"): true
        default: false
        }
    }
}
