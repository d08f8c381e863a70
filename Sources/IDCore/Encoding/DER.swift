import Foundation

/// The small part of ASN.1 DER (X.690) that keys and ECDSA signatures need, read strictly:
/// definite minimal lengths, minimal non-negative integers, and no trailing bytes.
enum DER {
    static let integer: UInt8 = 0x02
    static let bitString: UInt8 = 0x03
    static let octetString: UInt8 = 0x04
    static let objectIdentifier: UInt8 = 0x06
    static let sequence: UInt8 = 0x30

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
