import Foundation

extension Data {
    /// The base64url encoding without padding (RFC 4648 section 5), as JOSE uses it.
    public func base64URLEncodedString() -> String {
        var text = base64EncodedString()
        text = text.replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
        while text.hasSuffix("=") { text.removeLast() }
        return text
    }

    /// Decodes unpadded base64url text strictly: padding, whitespace, characters outside the
    /// base64url alphabet and non-zero trailing bits are all refused, so one value has exactly
    /// one encoding (RFC 7515 appendix C).
    public init?(base64URLEncoded text: some StringProtocol) {
        guard text.utf8.allSatisfy(Self.isBase64URLCharacter), text.utf8.count % 4 != 1 else {
            return nil
        }
        var standard = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        standard += String(repeating: "=", count: (4 - standard.utf8.count % 4) % 4)
        guard let decoded = Data(base64Encoded: standard),
              decoded.base64URLEncodedString().utf8.elementsEqual(text.utf8)
        else { return nil }
        self = decoded
    }

    private static func isBase64URLCharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"):
            return true
        default:
            return false
        }
    }
}
