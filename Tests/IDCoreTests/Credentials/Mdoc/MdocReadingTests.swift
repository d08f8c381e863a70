import Foundation
import IDCore
import Testing

/// The structures of a DeviceResponse are read in place, member by member, not from a decoded
/// tree: they must refuse everything the CBOR decoder refuses.
@Suite("mdoc structures read in place are as strict as the CBOR decoder")
struct MdocReadingTests {
    @Test("5,000 mutations of a response: whatever the decoder refuses is refused, and whatever reads re-encodes to a response that reads the same")
    func mutations() throws {
        let original = try MdocFixture().response().encoded()
        var state: UInt64 = 0x4D44_4F43
        func next(_ bound: Int) -> Int {
            state &+= 0x9E37_79B9_7F4A_7C15
            var mixed = state
            mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
            mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
            return Int((mixed ^ (mixed >> 31)) % UInt64(bound))
        }
        var read = 0
        for _ in 0..<5_000 {
            var input = original
            for _ in 0...next(3) {
                switch next(3) {
                case 0: input[next(input.count)] = UInt8(next(256))
                case 1: input.insert(UInt8(next(256)), at: next(input.count + 1))
                default: input.remove(at: next(input.count))
                }
            }
            let decodes = (try? CBORDecoder().decode(input)) != nil
            guard let response = try? DeviceResponse(encoded: input) else { continue }
            read += 1
            #expect(decodes, "read what the decoder refuses: \(Data(input).hex)")
            #expect(try DeviceResponse(encoded: response.encoded()) == response)
        }
        print("mdoc reading: \(read) of 5,000 mutated responses read as a DeviceResponse")
    }

    @Test("A repeated key inside a document, and broken embedded CBOR in a member nobody reads, are malformed-cbor")
    func repeatedKeysAndUnreadMembers() throws {
        let original = try MdocFixture().response().encoded()
        let tree = try CBORDecoder().decode(original)
        let document = try #require(tree.mapValue?["documents"]?.arrayValue?.first?.mapValue)
        func members(_ map: CBORMap) -> [UInt8] {
            map.flatMap { CBOREncoder.encode($0.key) + CBOREncoder.encode($0.value, mapOrder: .asGiven) }
        }
        func response(documents: [UInt8], extra: [UInt8] = [], count: UInt8 = 3) -> [UInt8] {
            [0xA0 | count] + CBOREncoder.encode("version") + CBOREncoder.encode("1.0") + CBOREncoder.encode("documents") + [0x81] + documents
                + CBOREncoder.encode("status") + CBOREncoder.encode(0) + extra
        }
        let documentBytes = [0xA0 | UInt8(document.count)] + members(document)
        #expect(try DeviceResponse(encoded: response(documents: documentBytes)) == DeviceResponse(encoded: original))

        let repeated = [0xA0 | UInt8(document.count + 1)] + members(document) + CBOREncoder.encode("docType") + CBOREncoder.encode(.text(MdocFixture.docType))
        #expect(throws: IDCoreError(.malformedCBOR, "")) { try DeviceResponse(encoded: response(documents: repeated)) }

        // Tag 24 around 0xFF, which is no CBOR item, under a member the reader skips.
        let unread = CBOREncoder.encode("vendor") + [0xD8, 0x18, 0x41, 0xFF]
        #expect(throws: IDCoreError(.malformedCBOR, "")) { try DeviceResponse(encoded: response(documents: documentBytes, extra: unread, count: 4)) }
        #expect(throws: IDCoreError(.malformedCBOR, "")) { try CBORDecoder().decode(response(documents: documentBytes, extra: unread, count: 4)) }
    }
}
