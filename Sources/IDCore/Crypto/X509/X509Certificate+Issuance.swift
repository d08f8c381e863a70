import Foundation

extension X509Certificate {
    /// Issues a version 3 certificate for `subjectKey`, signed by `signer` in the name of
    /// `issuer` (its subject name copied byte for byte), or self-signed when `issuer` is nil and
    /// `signer` holds the subject's key. The serial number is 20 random bytes unless given. The
    /// result is read back through OpenSSL, so what is returned is what a relying party reads.
    public static func issue(subject: X509Name, subjectKey: VerificationKey, issuedBy issuer: X509Certificate?, signer: some MessageSigner,
                             notBefore: Date, notAfter: Date, serialNumber: [UInt8]? = nil, extensions: [X509Extension]) throws -> X509Certificate {
        guard notBefore <= notAfter, FourDigitYears.contain([notBefore, notAfter]) else {
            throw IDCoreError(.invalidParameter, "A certificate's notBefore must not follow its notAfter, and both lie between the years 1 and 9999.")
        }
        guard signer.publicKey == (issuer?.publicKey ?? subjectKey) else {
            throw IDCoreError(.invalidParameter, "The signer does not hold the \(issuer == nil ? "subject's key of a self-signed" : "issuer's key of the") certificate.")
        }
        guard Set(extensions.map(\.oid)).count == extensions.count else { throw IDCoreError(.invalidParameter, "A certificate names each extension once.") }
        var serial: [UInt8] = []
        DER.appendUnsignedInteger(try serialNumber ?? X509Signing.randomSerialNumber(), to: &serial)
        let version = DER.element(DER.contextTag(0, constructed: true), DER.element(DER.integer, [2]))
        let validity = DER.element(DER.sequence, X509Signing.time(notBefore) + X509Signing.time(notAfter))
        let extensionList = extensions.isEmpty ? [] : DER.element(DER.contextTag(3, constructed: true), DER.element(DER.sequence, extensions.flatMap(\.der)))
        let tbs = DER.element(DER.sequence, version + serial + X509Signing.algorithmIdentifier(signer.algorithm) + (try issuer?.handle.subjectNameDER() ?? subject.der) + validity + subject.der
            + Array(subjectKey.derRepresentation) + extensionList)
        return try X509Certificate(derRepresentation: X509Signing.sign(tbs, with: signer))
    }

    /// The key identifier the SDK gives `key` in the certificates it issues (RFC 7093 method 1:
    /// the leftmost 160 bits of the SHA-256 of the key).
    public static func keyIdentifier(of key: VerificationKey) throws -> [UInt8] {
        try X509Signing.keyIdentifier(of: key)
    }
}
