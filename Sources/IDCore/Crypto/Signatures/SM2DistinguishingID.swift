import Foundation

extension SignatureAlgorithm {
    /// The SM2 distinguishing ID that GM/T 0009 sets as the default: `1234567812345678`.
    public static let defaultSM2DistinguishingID = Data("1234567812345678".utf8)

    /// The longest SM2 distinguishing ID, in bytes. GB/T 32918.2 section 5.5 counts the ID's
    /// bits in the 16-bit ENTL field, which would allow 8,191 bytes; OpenSSL 3.0 refuses an ID
    /// of `UINT16_MAX / 8` bytes or more, so 8,190 is what both ends can use.
    public static let maximumSM2DistinguishingIDLength = 8190

    /// Checks an SM2 distinguishing ID: 0 to ``maximumSM2DistinguishingIDLength`` bytes. The
    /// empty ID is what the `openssl` command line signs with when given no `distid`.
    static func validatedSM2DistinguishingID(_ identifier: Data) throws -> Data {
        guard identifier.count <= maximumSM2DistinguishingIDLength else {
            throw IDCoreError(.invalidParameter, "An SM2 distinguishing ID must be at most \(maximumSM2DistinguishingIDLength) bytes; this one is \(identifier.count).")
        }
        return identifier
    }
}
