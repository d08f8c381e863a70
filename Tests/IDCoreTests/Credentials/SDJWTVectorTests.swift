import Foundation
@testable import IDCore
import Testing

@Suite("RFC 9901 and Token Status List examples")
struct SDJWTVectorTests {
    @Test("Disclosure digests of RFC 9901's examples are reproduced", arguments: [
        ("WyJfMjZiYzRMVC1hYzZxMktJNmNCVzVlcyIsICJmYW1pbHlfbmFtZSIsICJNw7ZiaXVzIl0", "X9yH0Ajrdm1Oij4tWso9UzzKJvPoDxwmuEcO3XAdRC0", Optional("family_name"), JSONValue.string("Möbius")),
        ("WyJsa2x4RjVqTVlsR1RQVW92TU5JdkNBIiwgIkZSIl0", "w0I8EKcdCtUPkGCNUrfwVp2xEgNjtoIDlOxc9-PlOhs", nil, .string("FR")),
        ("WyIyR0xDNDJzS1F2ZUNmR2ZyeU5STjl3IiwgImdpdmVuX25hbWUiLCAiSm9obiJd", "jsu9yVulwQQlhFlM_3JlzMaSFzglhQG0DpfayQwLUK4", "given_name", .string("John")),
        ("WyJlbHVWNU9nM2dTTklJOEVZbnN4QV9BIiwgImZhbWlseV9uYW1lIiwgIkRvZSJd", "TGf4oLbgwd5JQaHyKVQZU9UdGE0w5rtDsrZzfUaomLo", "family_name", .string("Doe")),
    ])
    func rfcDigests(encoded: String, digest: String, name: String?, value: JSONValue) throws {
        let disclosure = try Disclosure(encoded: encoded)
        #expect(try disclosure.digest(using: .sha256) == digest)
        #expect(disclosure.claimName == name)
        #expect(disclosure.value == value)
    }

    @Test("The Token Status List draft's example lists decode", arguments: [
        (1, "eNrbuRgAAhcBXQ", [1, 0, 0, 1, 1, 1, 0, 1, 1, 1, 0, 0, 0, 1, 0, 1]),
        (2, "eNo76fITAAPfAgc", [1, 2, 0, 3, 0, 1, 0, 1, 1, 2, 3, 3]),
    ])
    func statusListExamples(bits: Int, lst: String, statuses: [UInt8]) throws {
        let list = try StatusList(bitsPerStatus: bits, compressed: lst)
        for (index, status) in statuses.enumerated() {
            #expect(try list.status(at: index) == status, "index \(index)")
        }
        var rebuilt = try StatusList(bitsPerStatus: bits, capacity: statuses.count)
        for (index, status) in statuses.enumerated() { try rebuilt.setStatus(status, at: index) }
        #expect(try StatusList(bitsPerStatus: bits, compressed: rebuilt.compressed()) == list)
    }

    @Test("Malformed status lists are refused")
    func badStatusLists() throws {
        #expect(throws: IDCoreError(.statusListUnavailable, "")) { try StatusList(bitsPerStatus: 1, compressed: "eNrbuRgAAhcBX") }
        #expect(throws: IDCoreError(.statusListUnavailable, "")) { try StatusList(bitsPerStatus: 1, compressed: "bm90IHpsaWI") }
        #expect(throws: IDCoreError(.invalidParameter, "")) { try StatusList(bitsPerStatus: 3, capacity: 8) }
        #expect(throws: IDCoreError(.invalidParameter, "")) { try StatusList(bitsPerStatus: 8, capacity: .max) }
        #expect(throws: IDCoreError(.invalidParameter, "")) { try StatusList(bitsPerStatus: 1, capacity: StatusList.maximumSize * 8 + 1) }
        #expect(try StatusList(bitsPerStatus: 1, capacity: StatusList.maximumSize * 8).count == StatusList.maximumSize * 8)
        let bomb = Base64URL.encode(try Zlib.compress([UInt8](repeating: 0, count: StatusList.maximumSize + 1)))
        #expect(throws: IDCoreError(.statusListUnavailable, "")) { try StatusList(bitsPerStatus: 1, compressed: bomb) }
        let list = try StatusList(bitsPerStatus: 2, compressed: "eNo76fITAAPfAgc")
        #expect(throws: IDCoreError(.statusListUnavailable, "")) { try list.status(at: list.count) }
    }

    @Test("Malformed disclosures are refused", arguments: [
        Base64URL.encode(Array("[\"salt\"]".utf8)), Base64URL.encode(Array("[\"s\",\"a\",\"b\",\"c\"]".utf8)),
        Base64URL.encode(Array("[\"s\",\"_sd\",1]".utf8)), Base64URL.encode(Array("[\"s\",\"...\",1]".utf8)),
        Base64URL.encode(Array("{\"s\":1}".utf8)), Base64URL.encode(Array("[1,\"name\",1]".utf8)), "!!", "WyJzIiwibiIsMV0=",
    ])
    func badDisclosures(encoded: String) {
        #expect(throws: IDCoreError(.malformedCredential, "")) { try Disclosure(encoded: encoded) }
    }

    @Test("Strict JSON: duplicate members, deep nesting, bad escapes and trailing data are refused", arguments: [
        "{\"a\":1,\"a\":2}", String(repeating: "[", count: 70) + String(repeating: "]", count: 70), "\"\\ud800\"", "{\"a\":1} x",
        "[01]", "\"a\u{01}\"", "{\"a\" 1}", "[1,]", "nul", "\"\\x\"", "1e999",
    ])
    func strictJSON(text: String) {
        #expect(throws: IDCoreError(.malformedCredential, "")) { try JSONValue(parsing: Array(text.utf8)) }
    }

    @Test("JSON round trips: escapes, surrogate pairs, integers and numbers")
    func jsonRoundTrip() throws {
        let text = "{\"a\":[1,-2,3.5,true,false,null],\"b\":\"line\\nquote\\\"\\u00e9\\ud83d\\ude00\",\"c\":{\"d\":9007199254740993}}"
        let value = try JSONValue(parsing: Array(text.utf8))
        #expect(value["b"]?.stringValue == "line\nquote\"é😀")
        #expect(value["c"]?["d"]?.integerValue == 9_007_199_254_740_993)
        #expect(try JSONValue(parsing: value.serialized) == value)
    }

    @Test("Strings are read alike whichever byte of an eight-byte word holds a quote, escape, control or non-ASCII byte")
    func stringsAcrossWords() throws {
        let plain = "abcdefghijklmnopqrstuvwx"
        for position in 0...plain.count {
            let prefix = String(plain.prefix(position)), suffix = String(plain.dropFirst(position))
            for (inserted, expected) in [("\\\"", "\""), ("\\n", "\n"), ("é", "é"), ("中", "中"), ("", "")] {
                // Followed by another string, so a closing quote that is missed shows.
                let text = "[\"\(prefix)\(inserted)\(suffix)\",\"\(plain)\"]"
                let expectedArray = [prefix + expected + suffix, plain]
                #expect(try JSONValue(parsing: Array(text.utf8)).arrayValue?.compactMap(\.stringValue) == expectedArray, "\(text)")
                #expect(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String] == expectedArray)
            }
            for refused in ["\"\(prefix)\u{01}\(suffix)\"", "\"\(prefix)\n\(suffix)\"", "\"\(prefix)", "\"\(prefix)\\q\(suffix)\""] {
                #expect(throws: IDCoreError(.malformedCredential, "")) { try JSONValue(parsing: Array(refused.utf8)) }
            }
        }
        // Invalid UTF-8 inside a word of otherwise plain bytes is still refused.
        #expect(throws: IDCoreError(.malformedCredential, "")) { try JSONValue(parsing: Array("\"abc".utf8) + [0xFF] + Array("\(plain)\"".utf8)) }
    }

    @Test("Base64url is strict: padding, foreign characters and non-zero trailing bits are refused")
    func base64URL() {
        #expect(Data(base64URLEncoded: "SGk") == Data("Hi".utf8))
        #expect(Data(base64URLEncoded: "QUJDRA") == Data("ABCD".utf8))
        for bad in ["SGk=", "SGl", "S", "SG k", "SG+k", "SG/k"] {
            #expect(Data(base64URLEncoded: bad) == nil, "\(bad)")
        }
        for bad in ["SGm", "SGk1SGl", "AB==", "QUJDRE"] {
            #expect(Data(base64URLEncoded: bad) == nil, "\(bad)")
        }
        for length in 0..<70 {
            let bytes = Data((0..<length).map { UInt8(($0 * 37 + 11) % 256) })
            let encoded = bytes.base64URLEncodedString()
            // Foundation's standard alphabet, translated, is the independent reference.
            let reference = bytes.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
                .replacingOccurrences(of: "=", with: "")
            #expect(encoded == reference, "\(length)")
            #expect(Data(base64URLEncoded: encoded) == bytes)
            // A character outside the alphabet is refused wherever it stands.
            for position in encoded.indices {
                var broken = encoded
                broken.replaceSubrange(position...position, with: "=")
                #expect(Data(base64URLEncoded: broken) == nil, "\(broken)")
            }
        }
    }
}
