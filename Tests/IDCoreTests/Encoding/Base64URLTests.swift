import Foundation
import IDCore
import Testing

/// The base64url decoder works eight characters at a time while the output has room and four
/// at a time after that, so every length up to a few blocks is checked against Foundation's
/// base64, and every position of an invalid character is checked for refusal.
@Suite("Base64url")
struct Base64URLTests {
    /// Foundation's decoding of the same text after mapping the alphabet and padding.
    private static func foundationDecoding(_ text: String) -> Data? {
        let standard = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        return Data(base64Encoded: standard + String(repeating: "=", count: (4 - standard.count % 4) % 4))
    }

    @Test("Every length from 0 to 80 bytes round-trips and agrees with Foundation")
    func roundTripsEveryLength() throws {
        var generator = SystemRandomNumberGenerator()
        for length in 0...80 {
            let bytes = Data((0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) })
            let text = bytes.base64URLEncodedString()
            #expect(!text.contains("=") && !text.contains("+") && !text.contains("/"))
            #expect(Data(base64URLEncoded: text) == bytes, "length \(length)")
            #expect(Self.foundationDecoding(text) == bytes, "length \(length)")
        }
    }

    @Test("A character outside the alphabet is refused at every position")
    func refusesInvalidCharacterAnywhere() {
        let text = Data((0..<48).map(UInt8.init)).base64URLEncodedString()
        for position in 0..<text.count {
            for invalid in ["=", "+", "/", " ", "\u{00E9}", "\0"] {
                var characters = Array(text)
                characters[position] = Character(invalid)
                #expect(Data(base64URLEncoded: String(characters)) == nil, "'\(invalid)' at \(position)")
            }
        }
    }

    @Test("Padding, impossible lengths and non-zero unused bits are refused")
    func refusesNonCanonicalText() {
        #expect(Data(base64URLEncoded: "QQ==") == nil)
        #expect(Data(base64URLEncoded: "QUJDRA") != nil)
        #expect(Data(base64URLEncoded: "QUJDR") == nil)
        // "QR" and "QUJ" decode the same bytes as "QQ" and "QUI" but set bits the last byte does not use.
        #expect(Data(base64URLEncoded: "QQ") == Data("A".utf8))
        #expect(Data(base64URLEncoded: "QR") == nil)
        #expect(Data(base64URLEncoded: "QUI") == Data("AB".utf8))
        #expect(Data(base64URLEncoded: "QUJ") == nil)
    }
}
