import Foundation

extension SignatureAlgorithm {
    /// The SM2 distinguishing ID that GM/T 0009 sets as the default: `1234567812345678`.
    public static let defaultSM2DistinguishingID = Data("1234567812345678".utf8)

    /// Checks an SM2 distinguishing ID: its bit length must fit the 16-bit ENTL field of
    /// GB/T 32918.2 section 5.5.
    static func validatedSM2DistinguishingID(_ identifier: Data) throws -> Data {
        guard (1...8191).contains(identifier.count) else {
            throw IDCoreError(.invalidParameter, "An SM2 distinguishing ID must be 1 to 8191 bytes; this one is \(identifier.count).")
        }
        return identifier
    }
}
