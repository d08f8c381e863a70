import Foundation

extension HashFunction {
    /// HKDF (RFC 5869): extract a pseudorandom key from `inputKeyMaterial` with `salt`, then
    /// expand it with `info` to `outputByteCount` bytes (at most 255 hash lengths).
    public func hkdf(inputKeyMaterial: some DataProtocol, salt: some DataProtocol, info: some DataProtocol, outputByteCount: Int) throws -> Data {
        guard outputByteCount > 0, outputByteCount <= 255 * digestLength else {
            throw IDCoreError(.invalidParameter, "HKDF-\(self) gives 1 to \(255 * digestLength) bytes, not \(outputByteCount).")
        }
        // An absent salt is a string of zeros as long as the hash (RFC 5869 section 2.2).
        let extractSalt = salt.isEmpty ? Data(count: digestLength) : Data(salt)
        let pseudorandomKey = try authenticationCode(for: inputKeyMaterial, using: extractSalt)
        var output = Data()
        var block = Data()
        var counter: UInt8 = 1
        while output.count < outputByteCount {
            block = try authenticationCode(for: block + Data(info) + [counter], using: pseudorandomKey)
            output += block
            counter &+= 1
        }
        return output.prefix(outputByteCount)
    }
}
