import Foundation
import IDCore
import Testing

@Suite("ECDH and HKDF: the key agreement under ISO/IEC 18013-5 device MACs")
struct KeyAgreementTests {
    @Test("HKDF-SHA-256 reproduces RFC 5869 test cases 1 and 3")
    func hkdfVectors() throws {
        let ikm = Data(repeating: 0x0B, count: 22)
        let salt = try #require(Data(hex: "000102030405060708090a0b0c"))
        let info = try #require(Data(hex: "f0f1f2f3f4f5f6f7f8f9"))
        #expect(try HashFunction.sha256.hkdf(inputKeyMaterial: ikm, salt: salt, info: info, outputByteCount: 42).hex
                == "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865")
        #expect(try HashFunction.sha256.hkdf(inputKeyMaterial: ikm, salt: Data(), info: Data(), outputByteCount: 42).hex
                == "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8")
        #expect(throws: IDCoreError(.invalidParameter, "")) { try HashFunction.sha256.hkdf(inputKeyMaterial: ikm, salt: salt, info: info, outputByteCount: 255 * 32 + 1) }
    }

    @Test("Both sides agree the same secret on P-256 and P-384; other curves and mixed curves are refused", arguments: [SignatureAlgorithm.es256, .es384])
    func agreement(algorithm: SignatureAlgorithm) throws {
        let device = try SigningKey(generating: algorithm)
        let reader = try SigningKey(generating: algorithm)
        let secret = try device.sharedSecret(with: reader.publicKey)
        #expect(secret == (try reader.sharedSecret(with: device.publicKey)))
        #expect(secret.description == "SharedSecret(\(algorithm == .es256 ? 256 : 384) bits)")
        #expect(secret != (try device.sharedSecret(with: SigningKey(generating: algorithm).publicKey)))
        let other: SignatureAlgorithm = algorithm == .es256 ? .es384 : .es256
        #expect(throws: IDCoreError(.algorithmMismatch, "")) { try device.sharedSecret(with: SigningKey(generating: other).publicKey) }
        #expect(throws: IDCoreError(.unsupportedAlgorithm, "")) { try SigningKey(generating: .edDSA).sharedSecret(with: SigningKey(generating: .edDSA).publicKey) }
    }
}
