import Foundation
import IDCore
import Testing

@Suite("COSE_Key (RFC 9052 section 7): public and symmetric keys both ways, and every inconsistent key refused")
struct COSEKeyTests {
    @Test("Every signature algorithm's public key survives encoding, with kid and alg; the key verifies what its signing key signs",
          arguments: SignatureAlgorithm.allCases)
    func roundTrip(algorithm: SignatureAlgorithm) throws {
        let signer = try SigningKey(generating: algorithm)
        let key = COSEKey(publicKey: signer.publicKey, keyID: Array("device-1".utf8), algorithm: COSEAlgorithm.identifier(of: algorithm))
        let decoded = try COSEKey(encoded: key.encoded())
        #expect(decoded == key)
        #expect(decoded.publicKey?.rawRepresentation == signer.publicKey.rawRepresentation)
        let message = Array("device authentication".utf8)
        let signature = try signer.signature(for: message)
        #expect(decoded.publicKey?.isValidSignature(signature, for: message) == true)
        // Deterministic: the same key encodes to the same bytes whatever built it.
        #expect(CBOREncoder.encode(try CBORDecoder().decode(key.encoded())) == key.encoded())
    }

    @Test("The P-256 key of RFC 9052 appendix C.7.1 (meriadoc.brandybuck@buckland.example) reads as that point")
    func publishedKey() throws {
        let x = try #require(Data(hex: "65eda5a12577c2bae829437fe338701a10aaa375e1bb5b5de108de439c08551d").map(Array.init))
        let y = try #require(Data(hex: "1e52ed75701163f7f9e40ddf9f341b3dc9ba860af7e0ca7ca7e9eecd0084d19c").map(Array.init))
        let map: CBORValue = .map([-1: 1, -2: .bytes(x), -3: .bytes(y), 1: 2, 2: .bytes(Array("meriadoc.brandybuck@buckland.example".utf8))])
        let key = try COSEKey(map)
        #expect(key.publicKey?.algorithm == .es256)
        #expect(key.publicKey.map { Array($0.rawRepresentation) } == [0x04] + x + y)
        #expect(key.keyID == Array("meriadoc.brandybuck@buckland.example".utf8))
    }

    @Test("A symmetric key round-trips and never prints its bytes")
    func symmetric() throws {
        let secret = try SecretKey(data: Data(repeating: 0xA5, count: 32))
        let key = COSEKey(symmetricKey: secret, algorithm: 5)
        let decoded = try COSEKey(encoded: key.encoded())
        #expect(decoded == key && decoded.publicKey == nil)
        #expect(key.description == "COSEKey(symmetric, 256 bits)")
        #expect(!String(describing: key).lowercased().contains("a5a5"))
    }

    @Test("Inconsistent or unsupported keys are typed errors")
    func refusals() throws {
        let point = Array(try SigningKey(generating: .es256).publicKey.rawRepresentation)
        let x = CBORValue.bytes(Array(point[1...32])), y = CBORValue.bytes(Array(point[33...]))
        let cases: [(CBORValue, IDCoreError.Code)] = [
            (.array([]), .invalidKeyEncoding),
            (.map([-1: 1, -2: x, -3: y]), .invalidKeyEncoding),                                    // no kty
            (.map([1: 2, -2: x, -3: y]), .invalidKeyEncoding),                                     // no crv
            (.map([1: 2, -1: 3, -2: x, -3: y]), .unsupportedAlgorithm),                            // P-521
            (.map([1: 3, -1: 1, -2: x, -3: y]), .unsupportedAlgorithm),                            // RSA
            (.map([1: 2, -1: 1, -2: .bytes(Array(point[1...31])), -3: y]), .invalidKeyEncoding),   // short x
            (.map([1: 2, -1: 1, -2: x]), .invalidKeyEncoding),                                     // no y
            (.map([1: 2, -1: 1, -2: x, -3: true]), .invalidKeyEncoding),                           // compressed
            (.map([1: 2, -1: 1, -2: x, -3: y, -4: .bytes(Array(repeating: 1, count: 32))]), .invalidKeyEncoding), // private
            (.map([1: 2, -1: 1, -2: x, -3: .bytes(Array(repeating: 7, count: 32))]), .invalidKey), // not on the curve
            (.map([1: 2, -1: 1, -2: x, -3: y, 3: -35]), .algorithmMismatch),                       // ES384 on P-256
            (.map([1: 2, -1: 1, -2: x, -3: y, 3: "ES256"]), .unsupportedAlgorithm),
            (.map([1: 2, -1: 1, -2: x, -3: y, 2: "kid"]), .invalidKeyEncoding),                    // kid as text
            (.map([1: 1, -1: 6, -2: .bytes(Array(repeating: 1, count: 32)), -3: y]), .invalidKeyEncoding), // OKP with y
            (.map([1: 1, -1: 1, -2: x]), .unsupportedAlgorithm),                                   // OKP on P-256
            (.map([1: 4]), .invalidKeyEncoding),                                                   // symmetric, no k
        ]
        for (value, code) in cases {
            #expect(throws: IDCoreError(code, "")) { try COSEKey(value) }
        }
    }
}
