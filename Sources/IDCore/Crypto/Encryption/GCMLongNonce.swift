import Foundation

/// AES-GCM accepts nonces of any length (NIST SP 800-38D section 7.1), but OpenSSL 3.0 stops
/// at 128 bytes. A longer nonce only serves to derive the pre-counter block
/// `J0 = GHASH_H(IV || 0^(s+64) || len(IV))`; this finds the 16-byte nonce whose `J0` is the
/// same, so OpenSSL computes exactly the ciphertext and tag the long nonce defines.
///
/// With a 16-byte nonce `N`, `J0 = N·H² ⊕ L·H` where `L` is the length block for 128 bits, hence
/// `N = (J0 ⊕ L·H) · (H²)⁻¹`.
enum GCMLongNonce {
    /// The longest nonce OpenSSL 3.0's GCM takes directly.
    static let openSSLLimit = 128

    static func equivalentNonce(for nonce: some Collection<UInt8>, hashKey: Data) -> Data? {
        let h = FieldElement(hashKey)
        guard h != .zero else { return nil }
        var padded = Array(nonce)
        padded += [UInt8](repeating: 0, count: (16 - padded.count % 16) % 16)
        var j0 = FieldElement.zero
        for start in stride(from: 0, to: padded.count, by: 16) {
            j0 = (j0 ^ FieldElement(padded[start..<start + 16])) * h
        }
        j0 = (j0 ^ FieldElement(high: 0, low: UInt64(nonce.count) * 8)) * h
        let lengthOf16ByteNonce = FieldElement(high: 0, low: 128)
        return ((j0 ^ lengthOf16ByteNonce * h) * (h * h).inverse).bytes
    }

    /// An element of GF(2^128) in GCM's bit order: bit 0 is the most significant bit of the
    /// first byte, and the field polynomial is x^128 + x^7 + x^2 + x + 1.
    struct FieldElement: Equatable {
        var high: UInt64
        var low: UInt64

        static let zero = FieldElement(high: 0, low: 0)
        static let one = FieldElement(high: 1 << 63, low: 0)

        init(high: UInt64, low: UInt64) {
            self.high = high
            self.low = low
        }

        init(_ bytes: some Collection<UInt8>) {
            let array = Array(bytes)
            high = array[0..<8].reduce(0) { $0 << 8 | UInt64($1) }
            low = array[8..<16].reduce(0) { $0 << 8 | UInt64($1) }
        }

        var bytes: Data {
            withUnsafeBytes(of: high.bigEndian) { Data($0) } + withUnsafeBytes(of: low.bigEndian) { Data($0) }
        }

        static func ^ (lhs: FieldElement, rhs: FieldElement) -> FieldElement {
            FieldElement(high: lhs.high ^ rhs.high, low: lhs.low ^ rhs.low)
        }

        /// NIST SP 800-38D algorithm 1.
        static func * (lhs: FieldElement, rhs: FieldElement) -> FieldElement {
            var product = FieldElement.zero
            var v = rhs
            for bit in 0..<128 {
                let word = bit < 64 ? lhs.high : lhs.low
                if (word >> (63 - UInt64(bit % 64))) & 1 == 1 { product = product ^ v }
                let carry = v.low & 1
                v.low = v.low >> 1 | v.high << 63
                v.high >>= 1
                if carry == 1 { v.high ^= 0xE100_0000_0000_0000 }
            }
            return product
        }

        /// The multiplicative inverse, as self^(2^128 − 2).
        var inverse: FieldElement {
            var result = FieldElement.one
            var power = self * self
            for _ in 1..<128 {
                result = result * power
                power = power * power
            }
            return result
        }
    }
}
