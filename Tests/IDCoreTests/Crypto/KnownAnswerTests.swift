import Foundation
import IDCore
import Testing

@Suite("Known-answer tests from the standards")
struct KnownAnswerTests {
    /// RFC 8032 section 7.1, tests 1 to 3: secret key, public key, message, signature.
    static let ed25519Vectors = [
        ("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
         "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
         "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"),
        ("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
         "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
         "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"),
        ("c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
         "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025", "af82",
         "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a"),
    ]

    @Test("Ed25519 (RFC 8032 section 7.1)", arguments: ed25519Vectors)
    func ed25519(secret: String, public publicHex: String, message: String, signature expected: String) throws {
        let key = try SigningKey(rawRepresentation: #require(Data(hex: secret)), algorithm: .edDSA)
        #expect(key.publicKey.rawRepresentation.hex == publicHex)
        let signature = try key.signature(for: #require(Data(hex: message)))
        #expect(signature.rawRepresentation.hex == expected)
        #expect(key.publicKey.isValidSignature(signature, for: try #require(Data(hex: message))))
    }

    @Test("RFC 8037 appendix A.3: JWK thumbprint of the RFC 8032 test 1 key")
    func ed25519Thumbprint() throws {
        let jwk = JSONWebKey(keyType: "OKP", curve: "Ed25519", x: "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo")
        #expect(try VerificationKey(jwk: jwk).thumbprint == "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k")
        let privateJWK = JSONWebKey(keyType: "OKP", curve: "Ed25519", x: jwk.x, d: "nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A")
        #expect(try SigningKey(jwk: privateJWK).publicKey.thumbprint == "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k")
    }

    @Test("SM3 (GB/T 32905 appendix A)", arguments: [
        ("abc", "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"),
        (String(repeating: "abcd", count: 16), "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732"),
    ])
    func sm3(message: String, digest: String) throws {
        #expect(try HashFunction.sm3.hash(Data(message.utf8)).hex == digest)
    }

    @Test("SHA-2 of \"abc\" (FIPS 180-4 examples)", arguments: [
        (HashFunction.sha256, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        (.sha384, "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7"),
        (.sha512, "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"),
    ])
    func sha2(function: HashFunction, digest: String) throws {
        #expect(try function.hash(Data("abc".utf8)).hex == digest)
    }

    /// RFC 4231 test cases 1, 2, 5 (truncated to 128 bits) and 6.
    @Test("HMAC-SHA256 (RFC 4231)", arguments: [
        (String(repeating: "0b", count: 20), Data("Hi There".utf8), "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
        (Data("Jefe".utf8).hex, Data("what do ya want for nothing?".utf8), "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
        (String(repeating: "0c", count: 20), Data("Test With Truncation".utf8), "a3b6167473100ee06e0c796c2955552b"),
        (String(repeating: "aa", count: 131), Data("Test Using Larger Than Block-Size Key - Hash Key First".utf8),
         "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),
    ])
    func hmacSHA256(key: String, message: Data, code: String) throws {
        let key = try #require(Data(hex: key))
        let full = try HashFunction.sha256.authenticationCode(for: message, using: key)
        #expect(full.hex.hasPrefix(code))
        #expect(try HashFunction.sha256.isValidAuthenticationCode(#require(Data(hex: code)), for: message, using: key))
    }

    /// The GCM specification (McGrew and Viega), test cases 3, 14 and 16, as NIST publishes them.
    @Test("AES-GCM (GCM specification test cases)", arguments: [
        ("feffe9928665731c6d6a8f9467308308", "cafebabefacedbaddecaf888", "",
         "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255",
         "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091473f5985",
         "4d5c2af327cd64a62cf35abd2ba6fab4"),
        (String(repeating: "00", count: 32), String(repeating: "00", count: 12), "", String(repeating: "00", count: 16),
         "cea7403d4d606b6e074ec5d3baf39d18", "d0d1c8a799996bf0265b98b5d48ab919"),
        ("feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308", "cafebabefacedbaddecaf888",
         "feedfacedeadbeeffeedfacedeadbeefabaddad2",
         "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39",
         "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662",
         "76fc6ece0f4e1768cddf8853bb2d551b"),
    ])
    func aesGCM(key: String, nonce: String, associatedData: String, plaintext: String, ciphertext: String, tag: String) throws {
        let key = try SecretKey(data: #require(Data(hex: key)))
        let nonce = try #require(Data(hex: nonce))
        let associatedData = try #require(Data(hex: associatedData))
        let sealed = try AESGCM.encrypt(#require(Data(hex: plaintext)), using: key, nonce: nonce, authenticating: associatedData)
        #expect(sealed.hex == ciphertext + tag)
        #expect(try AESGCM.decrypt(sealed, using: key, nonce: nonce, authenticating: associatedData).hex == plaintext)
    }
}
