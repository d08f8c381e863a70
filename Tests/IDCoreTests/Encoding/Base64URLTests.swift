import Foundation
import IDCore
import Testing

/// Base64url against an independent decoder (Foundation's base64) for every length up to a few
/// dozen blocks, and refusal of an invalid character at every position of a block and of the
/// tail. The strictness cases (padding, non-zero unused bits) are in `SDJWTVectorTests`.
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
        // 47 bytes: fifteen whole blocks and a three-character tail.
        let text = Data((0..<47).map(UInt8.init)).base64URLEncodedString()
        for position in 0..<text.count {
            for invalid in ["=", "+", "/", " ", "\u{00E9}", "\0"] {
                var characters = Array(text)
                characters[position] = Character(invalid)
                #expect(Data(base64URLEncoded: String(characters)) == nil, "'\(invalid)' at \(position)")
            }
        }
    }
}
