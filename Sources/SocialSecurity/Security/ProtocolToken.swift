/// The identifiers the security headers carry, checked before any of them is used: a nonce is
/// 16 to 64 characters of the base64url alphabet, a key id 1 to 64 of that alphabet and `.`.
enum ProtocolToken {
    static func check(_ token: String, name: String) throws {
        guard (16...64).contains(token.utf8.count), token.utf8.allSatisfy({ isAllowed($0) }) else {
            throw ConnectorError(.malformedRequest, "\(name) must be 16 to 64 characters of A–Z, a–z, 0–9, '-' and '_'.")
        }
    }

    static func checkKeyID(_ keyID: String) throws {
        guard (1...64).contains(keyID.utf8.count), keyID.utf8.allSatisfy({ isAllowed($0) || $0 == UInt8(ascii: ".") }) else {
            throw ConnectorError(.malformedRequest, "\(ProtocolHeader.keyID) must be 1 to 64 characters of A–Z, a–z, 0–9, '-', '_' and '.'.")
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
