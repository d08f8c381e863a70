import Foundation

/// The small part of ASN.1 DER (X.690) that keys, ECDSA signatures and the certificates the SDK
/// issues and checks need, read strictly: definite minimal lengths, minimal non-negative
/// integers, and no trailing bytes.
enum DER {
    static let boolean: UInt8 = 0x01
    static let integer: UInt8 = 0x02
    static let bitString: UInt8 = 0x03
    static let octetString: UInt8 = 0x04
    static let objectIdentifier: UInt8 = 0x06
    static let utf8String: UInt8 = 0x0C
    static let printableString: UInt8 = 0x13
    static let utcTime: UInt8 = 0x17
    static let generalizedTime: UInt8 = 0x18
    static let sequence: UInt8 = 0x30
    static let set: UInt8 = 0x31

    /// The tag of context-specific element `number`: primitive (`[n] IMPLICIT` of a primitive
    /// type) or constructed (`[n] EXPLICIT`, or implicit of a constructed type).
    static func contextTag(_ number: UInt8, constructed: Bool) -> UInt8 {
        (constructed ? 0xA0 : 0x80) | number
    }

    /// The content bytes of an OBJECT IDENTIFIER written dotted (`1.0.18013.5.1.2`): the first
    /// two arcs in one value, each arc base 128, high bit set on all but its last byte.
    static func objectIdentifierContent(_ dotted: String) -> [UInt8] {
        let arcs = dotted.split(separator: ".").compactMap { UInt64($0) }
        guard arcs.count >= 2 else { return [] }
        return ([arcs[0] * 40 + arcs[1]] + arcs.dropFirst(2)).flatMap { arc -> [UInt8] in
            var groups = [UInt8(arc & 0x7F)]
            var rest = arc >> 7
            while rest > 0 {
                groups.insert(UInt8(rest & 0x7F) | 0x80, at: 0)
                rest >>= 7
            }
            return groups
        }
    }

    /// The dotted form of an OBJECT IDENTIFIER's content bytes; nil when they are not minimal
    /// base-128 arcs.
    static func dottedObjectIdentifier(_ content: some Collection<UInt8>) -> String? {
        var arcs: [UInt64] = []
        var value: UInt64 = 0
        var fresh = true
        for byte in content {
            guard !(fresh && byte == 0x80), value >> 57 == 0 else { return nil }
            value = value << 7 | UInt64(byte & 0x7F)
            fresh = byte & 0x80 == 0
            if fresh {
                arcs.append(value)
                value = 0
            }
        }
        guard fresh, let first = arcs.first else { return nil }
        let head = first < 80 ? [first / 40, first % 40] : [2, first - 80]
        return (head + arcs.dropFirst()).map(String.init).joined(separator: ".")
    }

    /// Encodes one tag-length-value element.
    static func element(_ tag: UInt8, _ content: [UInt8]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(content.count + 6)
        appendHeader(tag, length: content.count, to: &bytes)
        bytes += content
        return bytes
    }

    /// Appends a tag and its definite, minimal length.
    static func appendHeader(_ tag: UInt8, length: Int, to bytes: inout [UInt8]) {
        bytes.append(tag)
        if length < 0x80 {
            bytes.append(UInt8(length))
        } else {
            let lengthBytes = withUnsafeBytes(of: UInt32(length).bigEndian) { Array($0.drop { $0 == 0 }) }
            bytes.append(0x80 | UInt8(lengthBytes.count))
            bytes += lengthBytes
        }
    }

    /// Appends big-endian magnitude bytes as a minimal, non-negative INTEGER.
    static func appendUnsignedInteger(_ magnitude: some Collection<UInt8>, to bytes: inout [UInt8]) {
        let significant = magnitude.drop { $0 == 0 }
        // A leading zero keeps a high first bit from reading as negative, and writes zero.
        let padded = significant.first.map { $0 & 0x80 != 0 } ?? true
        appendHeader(integer, length: significant.count + (padded ? 1 : 0), to: &bytes)
        if padded { bytes.append(0) }
        bytes.append(contentsOf: significant)
    }

    /// A cursor over DER bytes that throws `failure` with a reason for any malformed element.
    struct Reader {
        private var bytes: ArraySlice<UInt8>
        private let failure: IDCoreError.Code

        init(_ bytes: ArraySlice<UInt8>, failure: IDCoreError.Code) {
            self.bytes = bytes
            self.failure = failure
        }

        init(_ bytes: some Collection<UInt8>, failure: IDCoreError.Code) {
            self.init(Array(bytes)[...], failure: failure)
        }

        var isAtEnd: Bool { bytes.isEmpty }

        /// The tag of the next element, if any.
        var nextTag: UInt8? { bytes.first }

        /// Reads the next element, which must carry `tag`, and returns its content.
        mutating func read(_ tag: UInt8) throws -> ArraySlice<UInt8> {
            guard let found = bytes.first else { throw malformed("ends where an element was expected") }
            guard found == tag else {
                throw malformed("has tag 0x\(String(found, radix: 16)) where 0x\(String(tag, radix: 16)) was expected")
            }
            bytes = bytes.dropFirst()
            let length = try readLength()
            guard bytes.count >= length else { throw malformed("is shorter than its length field says") }
            defer { bytes = bytes.dropFirst(length) }
            return bytes.prefix(length)
        }

        /// Reads the next element, which must carry `tag`, and returns it whole: tag, length and
        /// content, as a signature covers it.
        mutating func readElement(_ tag: UInt8) throws -> ArraySlice<UInt8> {
            let whole = bytes
            let content = try read(tag)
            return whole[whole.startIndex..<content.endIndex]
        }

        /// Reads an INTEGER that must be non-negative and minimally encoded; returns its
        /// magnitude without the sign byte.
        mutating func readUnsignedInteger() throws -> ArraySlice<UInt8> {
            let content = try read(DER.integer)
            guard let first = content.first else { throw malformed("has an empty INTEGER") }
            guard first & 0x80 == 0 else { throw malformed("has a negative INTEGER") }
            if first == 0, content.count > 1 {
                guard content[content.startIndex + 1] & 0x80 != 0 else {
                    throw malformed("has an INTEGER with a redundant leading zero")
                }
                return content.dropFirst()
            }
            return content
        }

        /// Fails unless every byte has been read.
        func expectEnd() throws {
            guard bytes.isEmpty else { throw malformed("has \(bytes.count) trailing bytes") }
        }

        private mutating func readLength() throws -> Int {
            guard let first = bytes.popFirst() else { throw malformed("ends inside a length field") }
            if first < 0x80 { return Int(first) }
            let count = Int(first & 0x7f)
            guard count >= 1, count <= 3, bytes.count >= count else {
                throw malformed("has an unsupported or indefinite length")
            }
            var length = 0
            for _ in 0..<count { length = length << 8 | Int(bytes.removeFirst()) }
            guard length >= 0x80, length >> (8 * (count - 1)) != 0 else {
                throw malformed("has a length that is not minimally encoded")
            }
            return length
        }

        private func malformed(_ what: String) -> IDCoreError {
            IDCoreError(failure, "The DER encoding \(what).")
        }
    }
}
