import Foundation
import IDCore
import Testing

@Suite("Signatures")
struct SignatureTests {
    let message = Data("check-in at Guangzhou Nansha, room 1208".utf8)

    @Test("Sign and verify with each algorithm; any change to message or signature fails", arguments: SignatureAlgorithm.allCases)
    func signAndVerify(algorithm: SignatureAlgorithm) throws {
        let key = try SigningKey(generating: algorithm)
        let signature = try key.signature(for: message)
        #expect(signature.rawRepresentation.count == algorithm.rawSignatureLength)
        #expect(key.publicKey.isValidSignature(signature, for: message))
        #expect(!key.publicKey.isValidSignature(signature, for: message + [0]))
        for index in [0, signature.rawRepresentation.count / 2, signature.rawRepresentation.count - 1] {
            var tampered = signature.rawRepresentation
            tampered[index] ^= 0x01
            #expect(!key.publicKey.isValidSignature(try Signature(rawRepresentation: tampered, algorithm: algorithm), for: message))
        }
        let otherKey = try SigningKey(generating: algorithm)
        #expect(!otherKey.publicKey.isValidSignature(signature, for: message))
    }

    @Test("A signature of another algorithm never verifies")
    func crossAlgorithm() throws {
        let sm2 = try SigningKey(generating: .sm2)
        let signature = try sm2.signature(for: message)
        let relabelled = try Signature(rawRepresentation: signature.rawRepresentation, algorithm: .es256)
        #expect(!sm2.publicKey.isValidSignature(relabelled, for: message))
    }

    @Test("DER and fixed-size forms convert both ways", arguments: [SignatureAlgorithm.es256, .es384, .sm2])
    func derConversion(algorithm: SignatureAlgorithm) throws {
        let key = try SigningKey(generating: algorithm)
        for _ in 0..<20 {
            let signature = try key.signature(for: message)
            let der = try signature.derRepresentation
            let back = try Signature(derRepresentation: der, algorithm: algorithm)
            #expect(back == signature)
            #expect(key.publicKey.isValidSignature(back, for: message))
        }
    }

    @Test("Small r and s values encode minimally and pad back to full width")
    func minimalIntegers() throws {
        let raw = Data(count: 31) + [0x01] + Data(count: 31) + [0x80]
        let signature = try Signature(rawRepresentation: raw, algorithm: .es256)
        #expect(try signature.derRepresentation.hex == "3007020101020200" + "80")
        #expect(try Signature(derRepresentation: signature.derRepresentation, algorithm: .es256).rawRepresentation == raw)
        #expect(try Signature(rawRepresentation: Data(count: 64), algorithm: .es256).derRepresentation.hex == "3006020100020100")
    }

    @Test("Malformed DER signatures are refused", arguments: [
        "", "3006020101020101" + "00", "3007020101020101", "30060201010201", "31060201010201 01",
        "300702020001020101", "3006020181020101", "30810602010102010 1", "3006020100020100 ff",
    ])
    func malformedDER(hex: String) throws {
        let bytes = try #require(Data(hex: hex))
        #expect(throws: IDCoreError(.invalidSignatureEncoding, "")) { try Signature(derRepresentation: bytes, algorithm: .es256) }
    }

    @Test("Values wider than the curve and fixed-size signatures of the wrong length are refused")
    func wrongWidths() throws {
        let wide = Data([0x30, 0x26, 0x02, 0x21, 0x01] + [UInt8](repeating: 0, count: 32) + [0x02, 0x01, 0x01])
        #expect(throws: IDCoreError(.invalidSignatureEncoding, "")) { try Signature(derRepresentation: wide, algorithm: .es256) }
        #expect(throws: IDCoreError(.invalidSignatureEncoding, "")) { try Signature(rawRepresentation: Data(count: 63), algorithm: .edDSA) }
        #expect(throws: IDCoreError(.algorithmMismatch, "")) { try Signature(derRepresentation: Data(), algorithm: .edDSA) }
        let ed25519 = try Signature(rawRepresentation: Data(count: 64), algorithm: .edDSA)
        #expect(throws: IDCoreError(.algorithmMismatch, "")) { try ed25519.derRepresentation }
    }

    @Test("SM2 signatures bind the distinguishing ID")
    func sm2DistinguishingID() throws {
        let key = try SigningKey(generating: .sm2)
        #expect(key.publicKey.sm2DistinguishingID == Data("1234567812345678".utf8))
        let custom = try key.withSM2DistinguishingID(Data("hospital-4403".utf8))
        let signature = try custom.signature(for: message)
        #expect(custom.publicKey.isValidSignature(signature, for: message))
        #expect(!key.publicKey.isValidSignature(signature, for: message))
        #expect(try key.publicKey.withSM2DistinguishingID(Data("hospital-4403".utf8)).isValidSignature(signature, for: message))
        // The longest ID OpenSSL 3.0 takes, and one byte more.
        let longest = Data(repeating: 0x61, count: SignatureAlgorithm.maximumSM2DistinguishingIDLength)
        let long = try key.withSM2DistinguishingID(longest)
        #expect(long.publicKey.isValidSignature(try long.signature(for: message), for: message))
        #expect(throws: IDCoreError(.invalidParameter, "")) { try key.withSM2DistinguishingID(longest + Data([0x61])) }
        // The empty ID signs and verifies, and differs from the default.
        let empty = try key.withSM2DistinguishingID(Data())
        let emptySigned = try empty.signature(for: message)
        #expect(empty.publicKey.isValidSignature(emptySigned, for: message) && !key.publicKey.isValidSignature(emptySigned, for: message))
        #expect(throws: IDCoreError(.algorithmMismatch, "")) { try SigningKey(generating: .es256).withSM2DistinguishingID(Data("x".utf8)) }
    }

    @Test("Signing an empty message works for every algorithm", arguments: SignatureAlgorithm.allCases)
    func emptyMessage(algorithm: SignatureAlgorithm) throws {
        let key = try SigningKey(generating: algorithm)
        #expect(key.publicKey.isValidSignature(try key.signature(for: Data()), for: Data()))
    }

    @Test("One key signs and verifies correctly from many tasks at once", arguments: SignatureAlgorithm.allCases)
    func concurrentUse(algorithm: SignatureAlgorithm) async throws {
        let key = try SigningKey(generating: algorithm)
        let results = try await withThrowingTaskGroup(of: Bool.self) { group in
            for task in 0..<16 {
                group.addTask {
                    var allValid = true
                    for round in 0..<25 {
                        let message = Data("task \(task) round \(round)".utf8)
                        let signature = try key.signature(for: message)
                        allValid = allValid && key.publicKey.isValidSignature(signature, for: message)
                            && !key.publicKey.isValidSignature(signature, for: message + [1])
                    }
                    return allValid
                }
            }
            return try await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(results.count == 16)
        #expect(results.allSatisfy { $0 })
    }
}
