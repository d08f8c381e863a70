import Foundation

/// What certificates and CRLs that the SDK issues share: the signature algorithm identifier of
/// a signer, the encoding of times, and signing a to-be-signed structure into the final one
/// (`SEQUENCE { tbs, algorithm, BIT STRING signature }`, RFC 5280 sections 4.1 and 5.1).
///
/// The signature comes from any ``MessageSigner``, so an HSM key issues certificates as it
/// signs anything else.
enum X509Signing {
    /// The AlgorithmIdentifier of each signer's signatures: ECDSA with SHA-256 or SHA-384
    /// (RFC 5758, no parameters), Ed25519 (RFC 8410), SM2 with SM3 (GB/T 35276).
    static func algorithmIdentifier(_ algorithm: SignatureAlgorithm) -> [UInt8] {
        let oid = switch algorithm {
        case .es256: "1.2.840.10045.4.3.2"
        case .es384: "1.2.840.10045.4.3.3"
        case .edDSA: "1.3.101.112"
        case .sm2: "1.2.156.10197.1.501"
        }
        return DER.element(DER.sequence, DER.element(DER.objectIdentifier, DER.objectIdentifierContent(oid)))
    }

    /// A time as RFC 5280 section 4.1.2.5 writes it: UTCTime through 2049, GeneralizedTime
    /// after, to the second, in UTC.
    static func time(_ date: Date) -> [UInt8] {
        let parts = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!, from: date)
        let year = parts.year ?? 1970
        let rest = [parts.month, parts.day, parts.hour, parts.minute, parts.second].map { String(format: "%02d", $0 ?? 0) }.joined()
        return year < 2050
            ? DER.element(DER.utcTime, Array((String(format: "%02d", year % 100) + rest + "Z").utf8))
            : DER.element(DER.generalizedTime, Array((String(format: "%04d", year) + rest + "Z").utf8))
    }

    /// `tbs` signed by `signer`, as the final DER structure.
    static func sign(_ tbs: [UInt8], with signer: some MessageSigner) throws -> [UInt8] {
        let value = Array(try signer.signature(for: tbs).openSSLRepresentation)
        return DER.element(DER.sequence, tbs + algorithmIdentifier(signer.algorithm) + DER.element(DER.bitString, [0] + value))
    }

    /// A positive serial number of 20 random bytes with the top bit clear: the most RFC 5280
    /// allows, more than the 63 bits of randomness 18013-5 asks for.
    static func randomSerialNumber() throws -> [UInt8] {
        var bytes = Array(try SecureRandom().bytes(count: 20))
        bytes[0] = bytes[0] & 0x7F | 0x01
        return bytes
    }

    /// A key identifier by RFC 7093 method 1: the leftmost 160 bits of the SHA-256 of the
    /// subjectPublicKey bits.
    static func keyIdentifier(of key: VerificationKey) throws -> [UInt8] {
        Array(try HashFunction.sha256.hash(key.rawRepresentation).prefix(20))
    }
}
