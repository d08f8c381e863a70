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
        let input = Array(bytes)
        let table = alphabet
        var output = [UInt8]()
        output.reserveCapacity((input.count * 4 + 2) / 3)
        var index = 0
        while index < input.count {
            let remaining = input.count - index
            let word = UInt32(input[index]) << 16 | (remaining > 1 ? UInt32(input[index + 1]) << 8 : 0) | (remaining > 2 ? UInt32(input[index + 2]) : 0)
            output.append(table[Int(word >> 18 & 63)])
            output.append(table[Int(word >> 12 & 63)])
            if remaining > 1 { output.append(table[Int(word >> 6 & 63)]) }
            if remaining > 2 { output.append(table[Int(word & 63)]) }
            index += 3
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Decodes strictly: no padding, no white space, only the base64url alphabet, and unused
    /// trailing bits must be zero, so each value has exactly one encoding (RFC 7515 appendix C).
    static func decode(_ text: some Collection<UInt8>) -> [UInt8]? {
        text.withContiguousStorageIfAvailable(decode(buffer:)) ?? decode(buffer: Array(text))
    }

    static func decode(buffer text: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        guard text.count % 4 != 1 else { return nil }
        let table = values  // one lazy-global check, not one per character
        var output = [UInt8]()
        output.reserveCapacity(text.count * 3 / 4)
        var accumulator: UInt32 = 0
        var bits: UInt32 = 0
        for character in text {
            let value = table[Int(character)]
            guard value != 0xff else { return nil }
            accumulator = accumulator << 6 | UInt32(value)
            bits += 6
            if bits >= 8 {
                bits -= 8
                output.append(UInt8(truncatingIfNeeded: accumulator >> bits))
            }
        }
        guard accumulator & ((1 << bits) - 1) == 0 else { return nil }
        return output
    }

    private static func decode(buffer text: [UInt8]) -> [UInt8]? {
        text.withUnsafeBufferPointer(decode(buffer:))
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
