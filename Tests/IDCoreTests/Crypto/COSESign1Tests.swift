import Foundation
import IDCore
import Testing

@Suite("COSE_Sign1 (RFC 9052): sign and verify, carried and detached, and every malformed message refused")
struct COSESign1Tests {
    static let payload = Array("an issuer-signed mobile security object".utf8)

    @Test("Every algorithm signs and verifies, carried and detached, with external data; any change to what was signed fails", arguments: SignatureAlgorithm.allCases)
    func signAndVerify(algorithm: SignatureAlgorithm) throws {
        let key = try SigningKey(generating: algorithm)
        let aad: [UInt8] = [1, 2, 3]
        let carried = try COSESign1.sign(Self.payload, protected: [3: "application/cbor"], unprotected: [4: .bytes([9])], externalAAD: aad, signer: key)
        #expect(try carried.algorithm == algorithm)
        #expect(carried.protectedHeader[1] == .integer(COSEAlgorithm.identifier(of: algorithm)))
        #expect(try carried.isValidSignature(by: key.publicKey, externalAAD: aad))
        #expect(try !carried.isValidSignature(by: key.publicKey, externalAAD: [1, 2]))
        #expect(try !carried.isValidSignature(by: SigningKey(generating: algorithm).publicKey, externalAAD: aad))

        for tagged in [true, false] {
            let decoded = try COSESign1(encoded: carried.encoded(tagged: tagged))
            #expect(decoded == carried)
            #expect(try decoded.isValidSignature(by: key.publicKey, externalAAD: aad))
        }

        let detached = try COSESign1.sign(Self.payload, detached: true, signer: key)
        #expect(detached.payload == nil)
        #expect(try detached.isValidSignature(by: key.publicKey, detachedPayload: Self.payload))
        #expect(try !detached.isValidSignature(by: key.publicKey, detachedPayload: Self.payload + [0]))
        #expect(throws: IDCoreError(.invalidParameter, "")) { try detached.isValidSignature(by: key.publicKey) }
        #expect(throws: IDCoreError(.invalidParameter, "")) { try carried.isValidSignature(by: key.publicKey, detachedPayload: Self.payload) }

        // Each part of the message changed in its encoding.
        guard case .tagged(_, .array(let parts)) = carried.cborValue() else { Issue.record("not a tagged array"); return }
        var changedPayload = Self.payload
        changedPayload[0] ^= 1
        var changedSignature = carried.signature
        changedSignature[5] ^= 1
        let protectedOther = CBOREncoder.encode(.map([1: .integer(COSEAlgorithm.identifier(of: algorithm)), 3: "text/plain"]))
        for (index, replacement) in [(2, CBORValue.bytes(changedPayload)), (3, .bytes(changedSignature)), (0, .bytes(protectedOther))] {
            var tampered = parts
            tampered[index] = replacement
            let message = try COSESign1(.array(tampered))
            #expect(try !message.isValidSignature(by: key.publicKey, externalAAD: aad), "part \(index)")
        }
        // A signature of the wrong length is simply not valid.
        var short = parts
        short[3] = .bytes(Array(carried.signature.dropLast()))
        #expect(try !COSESign1(.array(short)).isValidSignature(by: key.publicKey, externalAAD: aad))
    }

    @Test("The protected header must name the key's algorithm: another algorithm's key, no algorithm, an unknown one")
    func algorithmChecks() throws {
        let key = try SigningKey(generating: .es256)
        let message = try COSESign1.sign(Self.payload, signer: key)
        #expect(throws: IDCoreError(.algorithmMismatch, "")) { try message.isValidSignature(by: SigningKey(generating: .es384).publicKey) }
        let unsigned = CBOREncoder.encode(.map([3: 0]))
        #expect(throws: IDCoreError(.malformedCOSE, "")) {
            try COSESign1(.array([.bytes(unsigned), .map([:]), .bytes(Self.payload), .bytes(message.signature)])).isValidSignature(by: key.publicKey)
        }
        let unknown = CBOREncoder.encode(.map([1: -999]))
        #expect(throws: IDCoreError(.unsupportedAlgorithm, "")) {
            try COSESign1(.array([.bytes(unknown), .map([:]), .bytes(Self.payload), .bytes(message.signature)])).isValidSignature(by: key.publicKey)
        }
        #expect(COSEAlgorithm.identifier(of: .sm2) < -65536)
    }

    @Test("Malformed messages are malformed-cose: wrong tag, wrong items, a header that is not a map, a label in both headers, a critical header")
    func malformed() throws {
        let key = try SigningKey(generating: .edDSA)
        let message = try COSESign1.sign(Self.payload, signer: key)
        let protected = CBORValue.bytes(message.protectedHeaderBytes)
        let cases: [CBORValue] = [
            .tagged(98, message.cborValue(tagged: false)),
            .array([protected, .map([:]), .bytes(Self.payload)]),
            .array([protected, .map([:]), "text", .bytes(message.signature)]),
            .array([.bytes([0x01]), .map([:]), .bytes(Self.payload), .bytes(message.signature)]),
            .array([protected, .map([1: -8]), .bytes(Self.payload), .bytes(message.signature)]),
            .array([.bytes(CBOREncoder.encode(.map([1: -8, 2: [99]]))), .map([:]), .bytes(Self.payload), .bytes(message.signature)]),
            .map([1: 2]),
        ]
        for value in cases {
            #expect(throws: IDCoreError(.malformedCOSE, "")) { try COSESign1(value) }
        }
        #expect(throws: IDCoreError(.malformedCBOR, "")) { try COSESign1(encoded: [0xd2, 0x84]) }
        #expect(throws: IDCoreError(.malformedCOSE, "")) { try COSESign1.sign(Self.payload, protected: [4: .bytes([1])], unprotected: [4: .bytes([2])], signer: key) }
    }
}
