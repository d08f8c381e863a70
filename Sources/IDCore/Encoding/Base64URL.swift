import Foundation

/// Base64url without padding (RFC 4648 section 5), as JOSE uses it, on bytes rather than
/// strings: credential verification decodes several segments per presentation.
///
/// Scoped under its own name rather than as `Data` extensions, so that a program that also
/// imports another base64 library is not forced to qualify either.
///
/// ```swift
/// let text = Base64URL.encode(Data([0xfb, 0xff]))      // "-_8"
/// let bytes = Base64URL.decode("-_8")                  // Data([0xfb, 0xff])
/// ```
public enum Base64URL {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
    private static let values: [UInt8] = {
        var table = [UInt8](repeating: 0xff, count: 256)
        for (value, character) in alphabet.enumerated() { table[Int(character)] = UInt8(value) }
        return table
    }()

    /// The unpadded base64url text of `bytes`.
    public static func encode(_ bytes: some Sequence<UInt8>) -> String {
        bytes.withContiguousStorageIfAvailable(encode(buffer:)) ?? Array(bytes).withUnsafeBufferPointer(encode(buffer:))
    }

    /// The encoding written straight into the string's storage.
    private static func encode(buffer input: UnsafeBufferPointer<UInt8>) -> String {
        String(unsafeUninitializedCapacity: encodedLength(of: input.count)) { encode(input, into: $0) }
    }

    /// The number of characters `count` bytes encode to.
    static func encodedLength(of count: Int) -> Int {
        count / 3 * 4 + [0, 2, 3][count % 3]
    }

    /// Writes the encoding of `input` at the start of `output`, three bytes to four characters
    /// per step; `output` holds at least `encodedLength(of: input.count)` bytes. Returns that
    /// length.
    static func encode(_ input: UnsafeBufferPointer<UInt8>, into output: UnsafeMutableBufferPointer<UInt8>) -> Int {
        let whole = input.count / 3 * 3
        return alphabet.withUnsafeBufferPointer { table in
            var written = 0
            /// The first `count` of the word's four sextets.
            func put(_ word: UInt32, _ count: Int) {
                var shift: UInt32 = 18
                for _ in 0..<count {
                    output[written] = table[Int(word >> shift & 63)]
                    written += 1
                    shift &-= 6
                }
            }
            var index = 0
            while index < whole {
                put(UInt32(input[index]) << 16 | UInt32(input[index + 1]) << 8 | UInt32(input[index + 2]), 4)
                index += 3
            }
            switch input.count - whole {
            case 1: put(UInt32(input[index]) << 16, 2)
            case 2: put(UInt32(input[index]) << 16 | UInt32(input[index + 1]) << 8, 3)
            default: break
            }
            return written
        }
    }

    /// The bytes of unpadded base64url `text`, or nil: decoded strictly, as ``decode(_:)-(Collection<UInt8>)`` does.
    public static func decode(_ text: String) -> Data? {
        Data(base64URLEncodedString: text)
    }

    /// Decodes strictly: no padding, no white space, only the base64url alphabet, and unused
    /// trailing bits must be zero, so each value has exactly one encoding (RFC 7515 appendix C).
    static func decode(_ text: some Collection<UInt8>) -> [UInt8]? {
        text.withContiguousStorageIfAvailable(decode(buffer:)) ?? Array(text).withUnsafeBufferPointer(decode(buffer:))
    }

    static func decode(buffer text: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        guard let length = decodedLength(of: text.count) else { return nil }
        var valid = true
        let output = [UInt8](unsafeUninitializedCapacity: length) { output, written in
            valid = decode(text, into: output)
            written = valid ? length : 0
        }
        return valid ? output : nil
    }

    /// Calls `body` with the decoded bytes of `text`, or returns nil when `text` is not strict
    /// base64url. The bytes live in scratch memory for the duration of `body`: a verifier reads
    /// a dozen segments per presentation and only keeps what it parses out of them, so an array
    /// for each would be an allocation (and a generic metadata lookup) for nothing.
    static func withDecoded<Result>(
        _ text: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) throws -> Result
    ) rethrows -> Result? {
        guard let length = decodedLength(of: text.count) else { return nil }
        return try withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(length, 1)) { scratch in
            let output = UnsafeMutableBufferPointer(rebasing: scratch[..<length])
            guard decode(text, into: output) else { return nil }
            return try body(UnsafeBufferPointer(output))
        }
    }

    /// The number of bytes `count` characters decode to; nil for a length no encoding has.
    private static func decodedLength(of count: Int) -> Int? {
        let remainder = count % 4
        return remainder == 1 ? nil : count / 4 * 3 + [0, 0, 1, 2][remainder]
    }

    /// Four characters to three bytes per step into `output`, which holds exactly the decoded
    /// length; an invalid character anywhere makes the OR of the looked-up values
    /// 0xff-tainted, checked once per block rather than per character.
    private static func decode(_ text: UnsafeBufferPointer<UInt8>, into output: UnsafeMutableBufferPointer<UInt8>) -> Bool {
        let remainder = text.count % 4
        let whole = text.count - remainder
        return values.withUnsafeBufferPointer { table in
            var index = 0, written = 0
            while index < whole {
                let a = table[Int(text[index])], b = table[Int(text[index + 1])]
                let c = table[Int(text[index + 2])], d = table[Int(text[index + 3])]
                guard (a | b | c | d) & 0xc0 == 0 else { return false }
                let word = UInt32(a) << 18 | UInt32(b) << 12 | UInt32(c) << 6 | UInt32(d)
                output[written] = UInt8(truncatingIfNeeded: word >> 16)
                output[written + 1] = UInt8(truncatingIfNeeded: word >> 8)
                output[written + 2] = UInt8(truncatingIfNeeded: word)
                written += 3
                index += 4
            }
            guard remainder > 0 else { return true }
            let a = table[Int(text[index])], b = table[Int(text[index + 1])]
            let c = remainder == 3 ? table[Int(text[index + 2])] : 0
            // The bits below the last whole byte must be zero: one encoding per value.
            let unusedBits: UInt8 = remainder == 2 ? b & 0x0f : c & 0x03
            guard (a | b | c) & 0xc0 == 0, unusedBits == 0 else { return false }
            let word = UInt32(a) << 18 | UInt32(b) << 12 | UInt32(c) << 6
            output[written] = UInt8(truncatingIfNeeded: word >> 16)
            if remainder == 3 { output[written + 1] = UInt8(truncatingIfNeeded: word >> 8) }
            return true
        }
    }
}

extension Data {
    /// The base64url encoding without padding (RFC 4648 section 5), as JOSE uses it.
    package func base64URLEncodedString() -> String {
        Base64URL.encode(self)
    }

    /// Decodes unpadded base64url text strictly: padding, white space, characters outside the
    /// alphabet and non-zero trailing bits are refused, so one value has exactly one encoding.
    @inlinable
    package init?(base64URLEncoded text: some StringProtocol) {
        // Inlinable so that a `String` argument reaches the decoder as it is, not through the
        // generic UTF-8 view.
        self.init(base64URLEncodedString: String(text))
    }

    @usableFromInline
    init?(base64URLEncodedString text: String) {
        var text = text
        guard let bytes = text.withUTF8(Base64URL.decode(buffer:)) else { return nil }
        self.init(bytes)
    }
}
