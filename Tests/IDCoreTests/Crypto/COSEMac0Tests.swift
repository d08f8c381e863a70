import Foundation
import IDCore
import Testing

@Suite("COSE_Mac0 (RFC 9052): HMAC 256/256, 384/384 and 512/512, carried and detached, and every change refused")
struct COSEMac0Tests {
    static let payload = Array("device authentication".utf8)
    static let key = [UInt8](repeating: 0x2b, count: 32)

    @Test("Authenticates and checks with each hash; another key, other external data, a changed part or a short tag fail", arguments: [HashFunction.sha256, .sha384, .sha512])
    func authenticate(hash: HashFunction) throws {
        let aad: [UInt8] = [7, 7]
        let message = try COSEMac0.authenticate(Self.payload, unprotected: [4: .bytes([1])], externalAAD: aad, key: Self.key, hash: hash)
        #expect(try message.hash == hash)
        #expect(message.authenticationTag.count == hash.digestLength)
        #expect(try message.isValid(key: Self.key, externalAAD: aad))
        // (A key with a zero byte appended is the same HMAC key: HMAC pads keys with zeros.)
        #expect(try !message.isValid(key: [0x2c] + Self.key.dropFirst(), externalAAD: aad))
        #expect(try !message.isValid(key: Self.key))
        for tagged in [true, false] {
            let decoded = try COSEMac0(encoded: message.encoded(tagged: tagged))
            #expect(decoded == message)
            #expect(try decoded.isValid(key: Self.key, externalAAD: aad))
        }
        guard case .tagged(COSEMac0.tag, .array(let parts)) = message.cborValue() else { Issue.record("not a tagged array"); return }
        var changedTag = message.authenticationTag
        changedTag[0] ^= 1
        for (index, replacement) in [(2, CBORValue.bytes(Self.payload + [0])), (3, .bytes(changedTag)), (3, .bytes(Array(message.authenticationTag.prefix(16))))] {
            var tampered = parts
            tampered[index] = replacement
            #expect(try !COSEMac0(.array(tampered)).isValid(key: Self.key, externalAAD: aad))
        }

        let detached = try COSEMac0.authenticate(Self.payload, detached: true, key: Self.key, hash: hash)
        #expect(detached.payload == nil)
        #expect(try detached.isValid(key: Self.key, detachedPayload: Self.payload))
        #expect(throws: IDCoreError(.invalidParameter, "")) { try detached.isValid(key: Self.key) }
    }

    @Test("A Sign1 tag, an unknown algorithm and SM3 (no COSE identifier) are refused")
    func refusals() throws {
        let message = try COSEMac0.authenticate(Self.payload, key: Self.key)
        #expect(throws: IDCoreError(.malformedCOSE, "")) { try COSEMac0(message.cborValue(tagged: false).tagged(as: COSESign1.tag)) }
        let unknown = CBORValue.array([.bytes(CBOREncoder.encode(.map([1: 4]))), .map([:]), .bytes(Self.payload), .bytes(message.authenticationTag)])
        #expect(throws: IDCoreError(.unsupportedAlgorithm, "")) { try COSEMac0(unknown).isValid(key: Self.key) }
        #expect(throws: IDCoreError(.unsupportedAlgorithm, "")) { try COSEMac0.authenticate(Self.payload, key: Self.key, hash: .sm3) }
    }
}

private extension CBORValue {
    func tagged(as tag: UInt64) -> CBORValue { .tagged(tag, self) }
}
