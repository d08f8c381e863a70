import Foundation
import IDCore
import Testing

@Suite("Project Wycheproof", .enabled(if: SharedVectors.wycheproofAvailable, Comment(rawValue: SharedVectors.missingWycheproof)))
struct WycheproofTests {
    @Test("ECDSA P-256 SHA-256, DER signatures")
    func ecdsaDER() throws {
        try WycheproofFile.check("ecdsa_secp256r1_sha256_test.json") { group, test in
            let key = try VerificationKey(derRepresentation: try test.bytes(group.publicKeyDer))
            guard let signature = try? Signature(derRepresentation: test.bytes(test.sig), algorithm: .es256) else { return false }
            return key.isValidSignature(signature, for: try test.bytes(test.msg))
        }
    }

    @Test("ECDSA P-256 SHA-256, fixed-size r || s signatures")
    func ecdsaP1363() throws {
        try WycheproofFile.check("ecdsa_secp256r1_sha256_p1363_test.json") { group, test in
            let key = try VerificationKey(derRepresentation: try test.bytes(group.publicKeyDer))
            guard let signature = try? Signature(rawRepresentation: test.bytes(test.sig), algorithm: .es256) else { return false }
            return key.isValidSignature(signature, for: try test.bytes(test.msg))
        }
    }

    @Test("Ed25519")
    func ed25519() throws {
        try WycheproofFile.check("ed25519_test.json") { group, test in
            let key = try VerificationKey(rawRepresentation: try test.bytes(group.publicKey?.pk), algorithm: .edDSA)
            guard let signature = try? Signature(rawRepresentation: test.bytes(test.sig), algorithm: .edDSA) else { return false }
            return key.isValidSignature(signature, for: try test.bytes(test.msg))
        }
    }

    @Test("AES-GCM: decryption accepts exactly the valid vectors, and encryption reproduces them")
    func aesGCM() throws {
        try WycheproofFile.check("aes_gcm_test.json") { _, test in
            let key = try SecretKey(data: test.bytes(test.key))
            let nonce = try test.bytes(test.iv)
            let associatedData = try test.bytes(test.aad)
            let sealed = try test.bytes(test.ct) + test.bytes(test.tag)
            guard let plaintext = try? AESGCM.decrypt(sealed, using: key, nonce: nonce, authenticating: associatedData) else {
                return false
            }
            #expect(plaintext == (try test.bytes(test.msg)), "tcId \(test.tcId): wrong plaintext")
            #expect(try AESGCM.encrypt(plaintext, using: key, nonce: nonce, authenticating: associatedData) == sealed)
            return true
        }
    }

    @Test("HMAC-SHA256, full and truncated tags", arguments: [("hmac_sha256_test.json", HashFunction.sha256), ("hmac_sm3_test.json", .sm3)])
    func hmac(file: String, hashFunction: HashFunction) throws {
        try WycheproofFile.check(file) { _, test in
            try hashFunction.isValidAuthenticationCode(
                test.bytes(test.tag), for: test.bytes(test.msg), using: test.bytes(test.key)
            )
        }
    }
}
