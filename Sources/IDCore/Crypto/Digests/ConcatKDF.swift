import Foundation

extension SharedSecret {
    /// A key of `bitCount` bits derived by the single-step Concat KDF of NIST SP 800-56A with
    /// SHA-256, as JOSE's ECDH-ES uses it (RFC 7518 section 4.6.2): hashes of a big-endian
    /// round counter, the secret and `OtherInfo`, which is the algorithm identifier and both
    /// parties' information each behind its 32-bit length, then the key length in bits.
    func concatKDFDerivedKey(bitCount: Int, algorithmID: String, partyUInfo: [UInt8], partyVInfo: [UInt8]) throws -> [UInt8] {
        guard bitCount > 0, bitCount % 8 == 0, bitCount <= 1024 else { throw IDCoreError(.invalidParameter, "Concat KDF keys here are 8 to 1024 bits in bytes, not \(bitCount).") }
        func lengthPrefixed(_ bytes: [UInt8]) -> [UInt8] { Self.bigEndian(UInt32(bytes.count)) + bytes }
        let otherInfo = lengthPrefixed(Array(algorithmID.utf8)) + lengthPrefixed(partyUInfo) + lengthPrefixed(partyVInfo) + Self.bigEndian(UInt32(bitCount))
        var key: [UInt8] = []
        var round: UInt32 = 1
        while key.count * 8 < bitCount {
            key += try HashFunction.sha256.hash(Self.bigEndian(round) + bytes + otherInfo)
            round += 1
        }
        return Array(key.prefix(bitCount / 8))
    }

    private static func bigEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
    }
}
