import Foundation

/// Base64url without padding (RFC 4648 section 5), as JOSE uses it, on bytes rather than
/// strings: credential verification decodes several segments per presentation.
enum Base64URL {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
    private static let values: [UInt8] = {
        var table = [UInt8](repeating: 0xff, count: 256)
        for (value, character) in alphabet.enumerated() { table[Int(character)] = UInt8(value) }
        return table
    }()

    static func encode(_ bytes: some Sequence<UInt8>) -> String {
        var output = [UInt8]()
        var iterator = bytes.makeIterator()
        while let first = iterator.next() {
            let second = iterator.next()
            let third = second == nil ? nil : iterator.next()
            let word = UInt32(first) << 16 | UInt32(second ?? 0) << 8 | UInt32(third ?? 0)
            output.append(alphabet[Int(word >> 18 & 63)])
            output.append(alphabet[Int(word >> 12 & 63)])
            if second != nil { output.append(alphabet[Int(word >> 6 & 63)]) }
            if third != nil { output.append(alphabet[Int(word & 63)]) }
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Decodes strictly: no padding, no white space, only the base64url alphabet, and unused
    /// trailing bits must be zero, so each value has exactly one encoding (RFC 7515 appendix C).
    static func decode(_ text: some Collection<UInt8>) -> [UInt8]? {
        guard text.count % 4 != 1 else { return nil }
        var output = [UInt8]()
        output.reserveCapacity(text.count * 3 / 4)
        var accumulator: UInt32 = 0
        var bits = 0
        for character in text {
            let value = values[Int(character)]
            guard value != 0xff else { return nil }
            accumulator = accumulator << 6 | UInt32(value)
            bits += 6
            if bits >= 8 {
                bits -= 8
                output.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bits)))
            }
        }
        guard accumulator & ((1 << UInt32(bits)) - 1) == 0 else { return nil }
        return output
    }
}

extension Data {
    /// The base64url encoding without padding (RFC 4648 section 5), as JOSE uses it.
    public func base64URLEncodedString() -> String {
        Base64URL.encode(self)
    }

    /// Decodes unpadded base64url text strictly: padding, white space, characters outside the
    /// alphabet and non-zero trailing bits are refused, so one value has exactly one encoding.
    public init?(base64URLEncoded text: some StringProtocol) {
        guard let bytes = Base64URL.decode(text.utf8) else { return nil }
        self.init(bytes)
    }
}
