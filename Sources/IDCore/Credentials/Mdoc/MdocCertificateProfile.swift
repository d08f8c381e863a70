import Foundation

/// The certificate profiles of ISO/IEC 18013-5 Annex B for the issuing side: an IACA root
/// (Issuing Authority Certificate Authority) and the document signers it certifies.
///
/// Both carry the subject and authority key identifiers, the issuer's alternative name and,
/// for document signers, the CRL distribution point that Annex B makes mandatory.
public enum MdocCertificateProfile {
    /// The extended key usage of a document signer: id-mdl-kp-mdlDS, 1.0.18013.5.1.2.
    public static let documentSignerPurpose = "1.0.18013.5.1.2"
    /// The longest validity Annex B allows a document signer certificate: 457 days.
    public static let documentSignerMaximumValidity: TimeInterval = 457 * 86_400

    /// A self-signed IACA certificate: a CA with path length 0 whose key signs certificates
    /// and CRLs, named with its country.
    public static func iacaCertificate(name: X509Name, signer: some MessageSigner, notBefore: Date, notAfter: Date,
                                       issuerAlternativeName: X509Extension.GeneralName, crlDistributionPoint: String? = nil) throws -> X509Certificate {
        guard name.country != nil else { throw IDCoreError(.invalidParameter, "An IACA name carries its country (C).") }
        let keyIdentifier = try X509Certificate.keyIdentifier(of: signer.publicKey)
        var extensions: [X509Extension] = [
            .subjectKeyIdentifier(keyIdentifier), .keyUsage([.keyCertSign, .cRLSign]), .basicConstraints(isCA: true, pathLength: 0),
            .issuerAlternativeName([issuerAlternativeName]),
        ]
        if let crlDistributionPoint { extensions.append(.crlDistributionPoints([crlDistributionPoint])) }
        return try X509Certificate.issue(subject: name, subjectKey: signer.publicKey, issuedBy: nil, signer: signer,
                                         notBefore: notBefore, notAfter: notAfter, extensions: extensions)
    }

    /// A document signer certificate for `documentSignerKey`, issued by `iaca` (whose key
    /// `iacaSigner` holds): digital signature only, the document-signer purpose, the IACA's
    /// country, at most 457 days.
    public static func documentSignerCertificate(name: X509Name, documentSignerKey: VerificationKey, iaca: X509Certificate, iacaSigner: some MessageSigner,
                                                 notBefore: Date, notAfter: Date, crlDistributionPoint: String,
                                                 issuerAlternativeName: X509Extension.GeneralName) throws -> X509Certificate {
        guard name.country == iaca.subject.country else {
            throw IDCoreError(.invalidParameter, "A document signer's country (C) is its IACA's, \(iaca.subject.country ?? "none").")
        }
        guard notAfter.timeIntervalSince(notBefore) <= documentSignerMaximumValidity else {
            throw IDCoreError(.invalidParameter, "A document signer certificate is valid for at most 457 days.")
        }
        let extensions: [X509Extension] = [
            .subjectKeyIdentifier(try X509Certificate.keyIdentifier(of: documentSignerKey)),
            .authorityKeyIdentifier(try iaca.subjectKeyIdentifier ?? X509Certificate.keyIdentifier(of: iacaSigner.publicKey)),
            .keyUsage(.digitalSignature), .extendedKeyUsage([documentSignerPurpose]),
            .crlDistributionPoints([crlDistributionPoint]), .issuerAlternativeName([issuerAlternativeName]),
        ]
        return try X509Certificate.issue(subject: name, subjectKey: documentSignerKey, issuedBy: iaca, signer: iacaSigner,
                                         notBefore: notBefore, notAfter: notAfter, extensions: extensions)
    }
}
