import Foundation
import IDCore
import Testing

@Suite("CBOR (RFC 8949): strict decoding, shortest-form and deterministic encoding")
struct CBORTests {
    static func bytes(_ hex: String) -> [UInt8] { Array(Data(hex: hex) ?? Data()) }

    /// RFC 8949 Appendix A: values and their preferred encodings.
    static let appendixA: [(CBORValue, String)] = [
        (0, "00"), (1, "01"), (10, "0a"), (23, "17"), (24, "1818"), (25, "1819"), (100, "1864"), (1000, "1903e8"),
        (1_000_000, "1a000f4240"), (1_000_000_000_000, "1b000000e8d4a51000"), (.unsigned(.max), "1bffffffffffffffff"),
        (.negative(.max), "3bffffffffffffffff"), (-1, "20"), (-10, "29"), (-100, "3863"), (-1000, "3903e7"),
        (.float(0), "f90000"), (.float(-0.0), "f98000"), (.float(1), "f93c00"), (.float(1.1), "fb3ff199999999999a"),
        (.float(1.5), "f93e00"), (.float(65504), "f97bff"), (.float(100_000), "fa47c35000"),
        (.float(3.4028234663852886e+38), "fa7f7fffff"), (.float(1.0e+300), "fb7e37e43c8800759c"),
        (.float(5.960464477539063e-8), "f90001"), (.float(0.00006103515625), "f90400"), (.float(-4), "f9c400"),
        (.float(-4.1), "fbc010666666666666"), (.float(.infinity), "f97c00"), (.float(-.infinity), "f9fc00"),
        (false, "f4"), (true, "f5"), (.null, "f6"), (.undefined, "f7"), (.simple(16), "f0"), (.simple(255), "f8ff"),
        (.tagged(0, "2013-03-21T20:04:00Z"), "c074323031332d30332d32315432303a30343a30305a"),
        (.tagged(1, 1_363_896_240), "c11a514b67b0"), (.tagged(1, .float(1_363_896_240.5)), "c1fb41d452d9ec200000"),
        (.tagged(23, .bytes([1, 2, 3, 4])), "d74401020304"), (.tagged(24, .bytes(Array("dIETF".utf8))), "d818456449455446"),
        (.tagged(32, "http://www.example.com"), "d82076687474703a2f2f7777772e6578616d706c652e636f6d"),
        (.bytes([]), "40"), (.bytes([1, 2, 3, 4]), "4401020304"), ("", "60"), ("a", "6161"), ("IETF", "6449455446"),
        ("\"\\", "62225c"), ("\u{00fc}", "62c3bc"), ("\u{6c34}", "63e6b0b4"), ("\u{10151}", "64f0908591"),
        ([], "80"), ([1, 2, 3], "83010203"), ([1, [2, 3], [4, 5]], "8301820203820405"),
        (.array((1...25).map { .integer($0) }), "98190102030405060708090a0b0c0d0e0f101112131415161718181819"),
        (.map([:]), "a0"), (.map([1: 2, 3: 4]), "a201020304"), (.map(["a": 1, "b": [2, 3]]), "a26161016162820203"),
        (["a", .map(["b": "c"])], "826161a161626163"),
        (.map(["a": "A", "b": "B", "c": "C", "d": "D", "e": "E"]), "a56161614161626142616361436164614461656145"),
    ]

    @Test("Every value of RFC 8949 Appendix A decodes, strictly and deterministically, and encodes to its published bytes")
    func appendixAExamples() throws {
        for (value, hex) in Self.appendixA {
            #expect(try CBORDecoder().decode(Self.bytes(hex)) == value, "\(hex)")
            #expect(try CBORDecoder(deterministic: true).decode(Self.bytes(hex)) == value, "\(hex)")
            #expect(Data(CBOREncoder.encode(value)).hex == hex, "\(value)")
        }
        #expect(try CBORDecoder().decode(Self.bytes("f97e00")).description == "NaN")
        #expect(Data(CBOREncoder.encode(.float(.nan))).hex == "f97e00")
    }

    @Test("Indefinite lengths only when allowed (Appendix A's examples), never in deterministic mode")
    func indefiniteLengths() throws {
        let allowing = CBORDecoder(limits: .init(allowsIndefiniteLength: true))
        let examples: [(String, CBORValue)] = [
            ("5f42010243030405ff", .bytes([1, 2, 3, 4, 5])), ("7f657374726561646d696e67ff", "streaming"), ("9fff", []),
            ("9f018202039f0405ffff", [1, [2, 3], [4, 5]]), ("bf61610161629f0203ffff", .map(["a": 1, "b": [2, 3]])),
            ("826161bf61626163ff", ["a", .map(["b": "c"])]),
        ]
        for (hex, value) in examples {
            #expect(try allowing.decode(Self.bytes(hex)) == value, "\(hex)")
            #expect(throws: IDCoreError(.malformedCBOR, "")) { try CBORDecoder().decode(Self.bytes(hex)) }
            #expect(throws: IDCoreError(.malformedCBOR, "")) { try CBORDecoder(limits: .init(allowsIndefiniteLength: true), deterministic: true).decode(Self.bytes(hex)) }
        }
        // A chunk of another type inside an indefinite string.
        #expect(throws: IDCoreError(.malformedCBOR, "")) { try allowing.decode(Self.bytes("5f6161ff")) }
    }

    @Test("Malformed and invalid input is a typed error: truncation, trailing bytes, reserved values, bad UTF-8, repeated keys, wrong tag content")
    func refusals() {
        let refused = [
            "", "18", "1900", "62c3", "8301", "a101", "d818", // truncated
            "0000", // trailing bytes
            "1c", "3d", "fe", "ff", // reserved additional information, a lone break
            "62c328", // not UTF-8
            "a201020103", // a repeated key
            "f810", // a simple value below 32 in two bytes
            "d81801", "d818 41ff", "d8184201", // tag 24 around an integer, around bytes that are not one item
            "c001", "d903ec01", "c160", // tag 0 and 1004 around an integer, tag 1 around text
            "5bffffffffffffffff", "9bffffffffffffffff", "bbffffffffffffffff", "5a7fffffff00", // lengths past the input
        ]
        for hex in refused {
            #expect(throws: IDCoreError(.malformedCBOR, "")) { try CBORDecoder().decode(Self.bytes(hex)) }
        }
    }

    @Test("Limits: nesting deeper than allowed and more items than allowed are refused, without a crash")
    func limits() throws {
        let deep = [UInt8](repeating: 0x81, count: 100_000) + [0x00]
        #expect(throws: IDCoreError(.malformedCBOR, "")) { try CBORDecoder().decode(deep) }
        let nested = [UInt8](repeating: 0x81, count: 10) + [0x00]
        #expect(try CBORDecoder(limits: .init(maximumDepth: 10)).decode(nested) != .null)
        #expect(throws: IDCoreError(.malformedCBOR, "")) { try CBORDecoder(limits: .init(maximumDepth: 9)).decode(nested) }
        let many = [0x99, 0x03, 0xe8] + [UInt8](repeating: 0x00, count: 1000)
        #expect(try CBORDecoder().decode(many).arrayValue?.count == 1000)
        #expect(throws: IDCoreError(.malformedCBOR, "")) { try CBORDecoder(limits: .init(maximumItems: 1000)).decode(many) }
        // Tags nest too, and so do items embedded by tag 24 inside each other.
        let tags = [UInt8](repeating: 0xc6, count: 100) + [0x00]
        #expect(throws: IDCoreError(.malformedCBOR, "")) { try CBORDecoder().decode(tags) }
        var embedded: CBORValue = 0
        for _ in 0..<40 { embedded = .embedded(embedded) }
        #expect(throws: IDCoreError(.malformedCBOR, "")) { try CBORDecoder().decode(CBOREncoder.encode(embedded)) }
    }

    @Test("Deterministic mode refuses what core deterministic encoding does not write")
    func deterministicDecoding() {
        for hex in ["1817", "190017", "1a00000017", "1b0000000000000017", "5800", "fa3f800000", "fb3ff0000000000000", "a2020001 00", "a2616201616101"] {
            #expect(throws: IDCoreError(.malformedCBOR, "")) { try CBORDecoder(deterministic: true).decode(Self.bytes(hex)) }
            #expect(throws: Never.self) { try CBORDecoder().decode(Self.bytes(hex)) }
        }
    }

    @Test("Maps are encoded with keys in bytewise order of their encodings, or as given; map literals and init refuse repeats")
    func mapOrder() throws {
        let map = try CBORMap([("aa", 0), ("b", 1), (-1, 2), (10, 3), ("a", 4), (.bytes([0]), 5)])
        // 0a < 20 < 4100 < 6161 < 6162 < 626161
        #expect(Data(CBOREncoder.encode(.map(map))).hex == "a6" + "0a03" + "2002" + "410005" + "616104" + "616201" + "62616100")
        #expect(Data(CBOREncoder.encode(.map(map), mapOrder: .asGiven)).hex == "a6" + "62616100" + "616201" + "2002" + "0a03" + "616104" + "410005")
        let decoded = try CBORDecoder().decode(CBOREncoder.encode(.map(map), mapOrder: .asGiven))
        #expect(decoded.mapValue?.entries.map(\.key) == map.entries.map(\.key))
        #expect(decoded.mapValue?["b"] == 1 && decoded.mapValue?[10] == 3 && decoded.mapValue?["zz"] == nil)
        #expect(throws: IDCoreError(.malformedCBOR, "")) { try CBORMap([("a", 1), ("a", 2)]) }
    }

    @Test("Tag 24 embeds an item's own encoding; accessors read integers, text, bytes and embedded bytes")
    func embeddedAndAccessors() throws {
        let inner: CBORValue = .map(["docType": "org.iso.18013.5.1.mDL", "version": "1.0"])
        let embedded = CBORValue.embedded(inner)
        let bytes = try #require(embedded.embeddedBytes)
        #expect(try CBORDecoder().decode(bytes) == inner)
        #expect(try CBORDecoder().decode(CBOREncoder.encode(embedded)) == embedded)
        #expect(CBORValue.integer(-5).int64Value == -5 && CBORValue.unsigned(.max).int64Value == nil && CBORValue.negative(.max).int64Value == nil)
        #expect(CBORValue.integer(.min).int64Value == .min)
        #expect(CBORValue.text("x").textValue == "x" && CBORValue.bytes([1]).bytesValue == [1] && CBORValue.bool(true).boolValue == true)
        #expect(CBORValue.negative(.max).description == "-18446744073709551616")
    }

    @Test("Fuzz: 20,000 mutations of valid encodings each decode or throw malformed-cbor; what decodes re-encodes to the same value")
    func fuzz() throws {
        var state: UInt64 = 0xC0B0
        func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var mixed = state
            mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
            mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
            return mixed ^ (mixed >> 31)
        }
        let seeds = Self.appendixA.map { Self.bytes($0.1) } + [Self.bytes("bf61610161629f0203ffff"), Self.bytes("d818456449455446")]
        let decoder = CBORDecoder(limits: .init(maximumDepth: 16, maximumItems: 10_000, allowsIndefiniteLength: true))
        var decoded = 0
        for round in 0..<20_000 {
            var input = seeds[round % seeds.count]
            for _ in 0..<(1 + next() % 3) {
                switch next() % 4 {
                case 0 where !input.isEmpty: input[Int(next() % UInt64(input.count))] = UInt8(truncatingIfNeeded: next())
                case 1: input.insert(UInt8(truncatingIfNeeded: next()), at: Int(next() % UInt64(input.count + 1)))
                case 2 where !input.isEmpty: input.remove(at: Int(next() % UInt64(input.count)))
                default: input += seeds[Int(next() % UInt64(seeds.count))].prefix(Int(next() % 8))
                }
            }
            do {
                let value = try decoder.decode(input)
                decoded += 1
                if !"\(value)".contains("NaN") {
                    #expect(try decoder.decode(CBOREncoder.encode(value, mapOrder: .asGiven)) == value, "\(Data(input).hex)")
                }
            } catch let error as IDCoreError {
                #expect(error.code == .malformedCBOR)
            }
        }
        print("CBOR fuzz: \(decoded) of 20,000 mutated inputs decoded, the rest refused with malformed-cbor")
    }
}
