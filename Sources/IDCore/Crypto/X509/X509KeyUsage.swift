/// The key usage extension's bits (RFC 5280 section 4.2.1.3).
public struct X509KeyUsage: OptionSet, Sendable, Hashable {
    public let rawValue: UInt16

    public init(rawValue: UInt16) {
        self.rawValue = rawValue
    }

    // Bit n of the BIT STRING is value 1 << n.
    /// digitalSignature (bit 0): signatures other than on certificates and CRLs.
    public static let digitalSignature = X509KeyUsage(rawValue: 1 << 0)
    /// nonRepudiation, or contentCommitment (bit 1).
    public static let nonRepudiation = X509KeyUsage(rawValue: 1 << 1)
    /// keyEncipherment (bit 2).
    public static let keyEncipherment = X509KeyUsage(rawValue: 1 << 2)
    /// dataEncipherment (bit 3).
    public static let dataEncipherment = X509KeyUsage(rawValue: 1 << 3)
    /// keyAgreement (bit 4).
    public static let keyAgreement = X509KeyUsage(rawValue: 1 << 4)
    /// keyCertSign (bit 5): signs certificates.
    public static let keyCertSign = X509KeyUsage(rawValue: 1 << 5)
    /// cRLSign (bit 6): signs CRLs.
    public static let cRLSign = X509KeyUsage(rawValue: 1 << 6)
    /// encipherOnly (bit 7).
    public static let encipherOnly = X509KeyUsage(rawValue: 1 << 7)
    /// decipherOnly (bit 8).
    public static let decipherOnly = X509KeyUsage(rawValue: 1 << 8)

    /// Reads the extension's BIT STRING.
    init(der: [UInt8]) throws {
        var reader = DER.Reader(der, failure: .malformedCertificate)
        let bits = try reader.read(DER.bitString)
        try reader.expectEnd()
        guard let unused = bits.first, unused < 8, bits.count <= 3 else {
            throw IDCoreError(.malformedCertificate, "The key usage extension is not a BIT STRING of at most nine bits.")
        }
        var value: UInt16 = 0
        for (index, byte) in bits.dropFirst().enumerated() {
            for bit in 0..<8 where byte & (0x80 >> bit) != 0 { value |= 1 << (index * 8 + bit) }
        }
        self.init(rawValue: value)
    }

    /// The extension's BIT STRING: named bits, trailing zero bits left out (X.690 11.2.2).
    var der: [UInt8] {
        let highest: Int = (0..<9).last(where: { rawValue & (1 << $0) != 0 }) ?? -1
        let byteCount = (highest + 8) / 8
        var bytes = [UInt8](repeating: 0, count: byteCount)
        for bit in 0...max(highest, 0) where rawValue & (1 << bit) != 0 { bytes[bit / 8] |= 0x80 >> (bit % 8) }
        let unused = byteCount == 0 ? 0 : 7 - highest % 8
        return DER.element(DER.bitString, [UInt8(unused)] + bytes)
    }
}
