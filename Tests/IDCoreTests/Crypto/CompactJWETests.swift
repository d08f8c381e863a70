import Foundation
@testable import IDCore
import Testing

/// JWE compact serialization with direct ECDH-ES on P-256 and AES-GCM (RFC 7516, RFC 7518).
@Suite("JWE with ECDH-ES and AES-GCM: RFC 7518's key derivation, round trips, and every malformed or altered JWE refused")
struct CompactJWETests {
    @Test("The Concat KDF of RFC 7518 appendix C: Alice's ephemeral key, Bob's key, apu Alice, apv Bob, A128GCM")
    func appendixC() throws {
        let alice = try SigningKey(jwk: JSONWebKey(keyType: "EC", curve: "P-256", x: "gI0GAILBdu7T53akrFmMyGcsF3n5dO7MmwNBHKW5SV0",
                                                   y: "SLW_xSffzlPWrHEVI30DHM_4egVwt3NQqeUD7nMFpps", d: "0_NxaRPUMQoAJt50Gz8YiTr8gRTwyEaCumd-MToTmIo"))
        let bob = try VerificationKey(jwk: JSONWebKey(keyType: "EC", curve: "P-256", x: "weNJy2HscCSM6AEDTDg04biOvhFhyyWvOHQfeF_PxMQ",
                                                      y: "e8lnCO-AlStT-NJVX-crhB7QRYhiix03illJOVAOyck"))
        let key = try alice.sharedSecret(with: bob).concatKDFDerivedKey(bitCount: 128, algorithmID: "A128GCM", partyUInfo: Array("Alice".utf8), partyVInfo: Array("Bob".utf8))
        #expect(Base64URL.encode(key) == "VqqN6vgjbSBcIijNcacQGg")
    }

    @Test("Each content encryption round-trips, with a key id and party information in the header")
    func roundTrip() throws {
        let verifier = try SigningKey(generating: .es256)
        let message = Data(#"{"vp_token":{"card":["eyJ..."]},"state":"s-1"}"#.utf8)
        for encryption in CompactJWE.ContentEncryption.allCases {
            let jwe = try CompactJWE.encrypt(message, to: verifier.publicKey, encryption: encryption, keyID: "desk-1", partyUInfo: [1, 2], partyVInfo: Array("nonce".utf8))
            let decrypted = try CompactJWE.decrypt(jwe, with: verifier)
            #expect(decrypted.plaintext == message && decrypted.encryption == encryption)
            #expect(decrypted.header["kid"] == .string("desk-1") && decrypted.header["alg"] == .string("ECDH-ES"))
            #expect(decrypted.header["epk"]?["d"] == nil)
            #expect(jwe.split(separator: ".", omittingEmptySubsequences: false)[1].isEmpty)
        }
        #expect(throws: IDCoreError(.unsupportedAlgorithm, "")) {
            try CompactJWE.decrypt(try CompactJWE.encrypt(message, to: verifier.publicKey, encryption: .a256GCM), with: verifier, accepting: [.a128GCM])
        }
        #expect(throws: IDCoreError(.unsupportedAlgorithm, "")) { try CompactJWE.encrypt(message, to: try SigningKey(generating: .edDSA).publicKey) }
    }

    @Test("Refused: another recipient, any changed byte, a changed header, the wrong shape, and the parameters it does not support")
    func refusals() throws {
        let verifier = try SigningKey(generating: .es256)
        let jwe = try CompactJWE.encrypt(Data("secret".utf8), to: verifier.publicKey)
        #expect(throws: IDCoreError(.authenticationFailed, "")) { try CompactJWE.decrypt(jwe, with: try SigningKey(generating: .es256)) }
        var parts = jwe.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        for part in [2, 3, 4] {
            var changed = parts
            var bytes = try #require(Base64URL.decode(changed[part]))
            bytes[bytes.startIndex] ^= 1
            changed[part] = Base64URL.encode(bytes)
            #expect(throws: IDCoreError(.authenticationFailed, "")) { try CompactJWE.decrypt(changed.joined(separator: "."), with: verifier) }
        }
        let headerBytes = try #require(Base64URL.decode(parts[0]))
        let header = try #require(try JSONValue(parsing: headerBytes).objectValue)
        func with(_ change: (inout JSONObject) -> Void) -> String {
            var edited = header
            change(&edited)
            var changed = parts
            changed[0] = Base64URL.encode(JSONValue.object(edited).serialized)
            return changed.joined(separator: ".")
        }
        #expect(throws: IDCoreError(.authenticationFailed, "")) { try CompactJWE.decrypt(with { $0["kid"] = .string("other") }, with: verifier) }
        #expect(throws: IDCoreError(.unsupportedAlgorithm, "")) { try CompactJWE.decrypt(with { $0["alg"] = .string("ECDH-ES+A128KW") }, with: verifier) }
        #expect(throws: IDCoreError(.unsupportedAlgorithm, "")) { try CompactJWE.decrypt(with { $0["enc"] = .string("A128CBC-HS256") }, with: verifier) }
        #expect(throws: IDCoreError(.malformedJWE, "")) { try CompactJWE.decrypt(with { $0["zip"] = .string("DEF") }, with: verifier) }
        #expect(throws: IDCoreError(.malformedJWE, "")) { try CompactJWE.decrypt(with { $0["crit"] = .array([.string("b64")]) }, with: verifier) }
        #expect(throws: IDCoreError(.malformedJWE, "")) { try CompactJWE.decrypt(with { $0["epk"] = .object(["kty": .string("EC")]) }, with: verifier) }
        // A point off the curve.
        #expect(throws: IDCoreError(.malformedJWE, "")) {
            try CompactJWE.decrypt(with { $0["epk"] = .object(["kty": .string("EC"), "crv": .string("P-256"), "x": .string(Base64URL.encode([UInt8](repeating: 1, count: 32))),
                                                               "y": .string(Base64URL.encode([UInt8](repeating: 2, count: 32)))]) }, with: verifier)
        }
        for broken in ["", "a.b.c.d", jwe + ".x", "%%%." + parts[1...].joined(separator: ".")] {
            #expect(throws: IDCoreError(.malformedJWE, ""), "\(broken)") { try CompactJWE.decrypt(broken, with: verifier) }
        }
        parts[1] = Base64URL.encode([1, 2, 3])
        #expect(throws: IDCoreError(.malformedJWE, "")) { try CompactJWE.decrypt(parts.joined(separator: "."), with: verifier) }
    }
}
