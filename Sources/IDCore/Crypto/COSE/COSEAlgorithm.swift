/// COSE algorithm identifiers (RFC 9053, the IANA "COSE Algorithms" registry) for the signature
/// algorithms the SDK signs with.
///
/// SM2 with SM3 has no registered COSE identifier (an individual draft, draft-dang-webauthn-sm2,
/// expired in 2022 without one), so this SDK uses -65537 from the private-use range (integers
/// below -65536): a peer must be told, as for the JOSE name `SM2`.
public enum COSEAlgorithm {
    /// The header label of the algorithm parameter.
    public static let headerLabel: CBORValue = 1

    /// The identifier of `algorithm`: ES256 -7, ES384 -35, EdDSA -8, SM2 -65537 (private use).
    public static func identifier(of algorithm: SignatureAlgorithm) -> Int64 {
        switch algorithm {
        case .es256: -7
        case .es384: -35
        case .edDSA: -8
        case .sm2: -65537
        }
    }

    /// The signature algorithm an identifier names; throws `unsupported-algorithm` for any other.
    public static func signatureAlgorithm(_ identifier: CBORValue) throws -> SignatureAlgorithm {
        guard let number = identifier.int64Value, let algorithm = SignatureAlgorithm.allCases.first(where: { Self.identifier(of: $0) == number }) else {
            throw IDCoreError(.unsupportedAlgorithm, "COSE algorithm \(identifier) is not one of ES256 (-7), ES384 (-35), EdDSA (-8) or SM2 (-65537, private use).")
        }
        return algorithm
    }
}
