import Foundation
import IDCore
import Testing

/// An IACA and its document signer, issued as ISO/IEC 18013-5 Annex B describes.
struct IssuingAuthorityFixture {
    static let start = Date(timeIntervalSince1970: 1_790_000_000)  // September 2026
    let iacaSigner: SigningKey
    let iaca: X509Certificate
    let signerKey: SigningKey
    let documentSigner: X509Certificate

    init(algorithm: SignatureAlgorithm = .es256, country: String = "UT", documentSignerCountry: String? = nil) throws {
        iacaSigner = try SigningKey(generating: algorithm)
        iaca = try MdocCertificateProfile.iacaCertificate(
            name: X509Name(commonName: "Utopia IACA", country: country, organization: "Utopia Transport Authority"), signer: iacaSigner,
            notBefore: Self.start, notAfter: Self.start.addingTimeInterval(10 * 365 * 86_400), issuerAlternativeName: .uri("https://iaca.example.ut"),
            crlDistributionPoint: "https://iaca.example.ut/iaca.crl")
        signerKey = try SigningKey(generating: algorithm)
        documentSigner = try MdocCertificateProfile.documentSignerCertificate(
            name: X509Name(commonName: "Utopia DS 1", country: documentSignerCountry ?? country), documentSignerKey: signerKey.publicKey, iaca: iaca,
            iacaSigner: iacaSigner, notBefore: Self.start, notAfter: Self.start.addingTimeInterval(365 * 86_400),
            crlDistributionPoint: "https://iaca.example.ut/ds.crl", issuerAlternativeName: .email("pki@example.ut"))
    }

    /// A document signer with the extensions given, issued by the IACA.
    func signer(extensions: [X509Extension], name: X509Name = X509Name(commonName: "Odd DS", country: "UT"),
                validFor days: Double = 365) throws -> X509Certificate {
        try X509Certificate.issue(subject: name, subjectKey: signerKey.publicKey, issuedBy: iaca, signer: iacaSigner, notBefore: Self.start,
                                  notAfter: Self.start.addingTimeInterval(days * 86_400), extensions: extensions)
    }
}

@Suite("IACA trust (ISO/IEC 18013-5 Annex B): document signers checked through OpenSSL, with their profile and CRLs")
struct IACATrustTests {
    static let during = IssuingAuthorityFixture.start.addingTimeInterval(30 * 86_400)

    @Test("An IACA and document signer of every algorithm read back as issued and validate", arguments: SignatureAlgorithm.allCases)
    func issuedAndValidated(algorithm: SignatureAlgorithm) throws {
        let authority = try IssuingAuthorityFixture(algorithm: algorithm)
        let ds = authority.documentSigner
        #expect(ds.subject.country == "UT" && ds.subject.commonName == "Utopia DS 1")
        #expect(ds.issuer == authority.iaca.subject)
        #expect(ds.keyUsage == .digitalSignature && ds.extendedKeyUsage == [MdocCertificateProfile.documentSignerPurpose])
        #expect(ds.basicConstraints == nil && ds.crlDistributionPoints == ["https://iaca.example.ut/ds.crl"])
        #expect(ds.authorityKeyIdentifier == authority.iaca.subjectKeyIdentifier && ds.subjectKeyIdentifier?.count == 20)
        #expect(ds.publicKey == authority.signerKey.publicKey)
        #expect(ds.serialNumber.count == 20)
        #expect(authority.iaca.basicConstraints?.isCA == true && authority.iaca.basicConstraints?.pathLength == 0)
        #expect(authority.iaca.keyUsage == [.keyCertSign, .cRLSign] && authority.iaca.isSelfIssued)

        let trust = try IACATrust(anchors: [authority.iaca])
        let validated = try trust.validate(chain: [ds, authority.iaca], at: Self.during).get()
        #expect(validated.iaca == authority.iaca && validated.documentSigner == ds && !validated.revocationChecked)
        #expect(try X509Certificate(pemRepresentation: ds.pemRepresentation) == ds)
        #expect(try X509Certificate.certificates(pemBundle: ds.pemRepresentation + authority.iaca.pemRepresentation) == [ds, authority.iaca])
    }

    @Test("Refused: another IACA, a forged signature, outside the validity period, and the IACA presented as its own signer")
    func untrusted() throws {
        let authority = try IssuingAuthorityFixture()
        let stranger = try IssuingAuthorityFixture()
        let trust = try IACATrust(anchors: [authority.iaca])
        #expect(Self.reason(trust, [stranger.documentSigner]) == .notTrusted)
        #expect(Self.reason(trust, []) == .notTrusted)
        #expect(Self.reason(trust, [authority.iaca]) == .notTrusted)
        var forged = [UInt8](authority.documentSigner.derRepresentation)
        forged[forged.count - 5] ^= 0x01
        #expect(Self.reason(trust, [try X509Certificate(derRepresentation: forged)]) == .notTrusted)
        #expect(Self.reason(trust, [authority.documentSigner], at: IssuingAuthorityFixture.start.addingTimeInterval(400 * 86_400)) == .notValidAtTime)
        #expect(Self.reason(trust, [authority.documentSigner], at: IssuingAuthorityFixture.start.addingTimeInterval(-86_400)) == .notValidAtTime)
        #expect(throws: IDCoreError(.invalidParameter, "")) { try IACATrust(anchors: [authority.documentSigner]) }
    }

    @Test("Refused by the Annex B profile: no document-signer purpose, a signer key usage, a CA, a foreign country, over 457 days")
    func profile() throws {
        let authority = try IssuingAuthorityFixture()
        let trust = try IACATrust(anchors: [authority.iaca])
        let aki = X509Extension.authorityKeyIdentifier(try #require(authority.iaca.subjectKeyIdentifier))
        let purpose = X509Extension.extendedKeyUsage([MdocCertificateProfile.documentSignerPurpose])
        let cases: [(String, X509Certificate)] = [
            ("no extended key usage", try authority.signer(extensions: [aki, .keyUsage(.digitalSignature)])),
            ("TLS server purpose", try authority.signer(extensions: [aki, .keyUsage(.digitalSignature), .extendedKeyUsage(["1.3.6.1.5.5.7.3.1"])])),
            ("certificate signing", try authority.signer(extensions: [aki, .keyUsage([.digitalSignature, .keyCertSign]), purpose])),
            ("no key usage", try authority.signer(extensions: [aki, purpose])),
            ("another country", try authority.signer(extensions: [aki, .keyUsage(.digitalSignature), purpose], name: X509Name(commonName: "DS", country: "ZZ"))),
            ("500 days", try authority.signer(extensions: [aki, .keyUsage(.digitalSignature), purpose], validFor: 500)),
            ("name constraints", try authority.signer(extensions: [aki, .keyUsage(.digitalSignature), purpose,
                                                                   X509Extension(oid: X509Extension.Identifier.nameConstraints, isCritical: false, value: [0x30, 0x00])])),
        ]
        for (name, certificate) in cases {
            #expect(Self.reason(trust, [certificate]) == .profile, "\(name): \(trust.validate(chain: [certificate], at: Self.during))")
        }
        // The same signer with the right extensions passes: the refusals above are the profile's.
        #expect(Self.reason(trust, [try authority.signer(extensions: [aki, .keyUsage(.digitalSignature), purpose])]) == nil)
    }

    @Test("CRLs: a revoked signer, a listed other one, a stale list, a forged list, and a required check with no list",
          arguments: [SignatureAlgorithm.es256, .sm2])
    func revocation(algorithm: SignatureAlgorithm) throws {
        let authority = try IssuingAuthorityFixture(algorithm: algorithm)
        let start = IssuingAuthorityFixture.start
        func crl(revoking serials: [[UInt8]], signer: SigningKey? = nil, issuer: X509Certificate? = nil, until: Date = Self.during.addingTimeInterval(7 * 86_400)) throws -> CertificateRevocationList {
            try CertificateRevocationList.issue(by: issuer ?? authority.iaca, signer: signer ?? authority.iacaSigner, number: 7, thisUpdate: start,
                                                nextUpdate: until, revoked: serials.map { ($0, start.addingTimeInterval(86_400)) })
        }
        let revoking = try crl(revoking: [[0x01, 0x02], authority.documentSigner.serialNumber])
        #expect(revoking.lists(authority.documentSigner) && revoking.issuer == authority.iaca.subject)
        #expect(try CertificateRevocationList(pemRepresentation: revoking.pemRepresentation) == revoking)
        #expect(Self.reason(try IACATrust(anchors: [authority.iaca], revocationLists: [revoking]), [authority.documentSigner]) == .revoked)

        let clean = try IACATrust(anchors: [authority.iaca], revocationLists: [try crl(revoking: [[0x01, 0x02]])])
        #expect(try clean.validate(chain: [authority.documentSigner], at: Self.during).get().revocationChecked)

        let stale = try IACATrust(anchors: [authority.iaca], revocationLists: [try crl(revoking: [], until: start.addingTimeInterval(86_400))])
        #expect(Self.reason(stale, [authority.documentSigner]) == .revocationUnknown)

        // A list in the IACA's name signed by another key (a self-signed impostor with the same name).
        let impostorKey = try SigningKey(generating: algorithm)
        let impostor = try MdocCertificateProfile.iacaCertificate(name: authority.iaca.subject, signer: impostorKey, notBefore: start,
                                                                 notAfter: start.addingTimeInterval(365 * 86_400), issuerAlternativeName: .uri("https://evil.example"))
        let forged = try IACATrust(anchors: [authority.iaca], revocationLists: [try crl(revoking: [], signer: impostorKey, issuer: impostor)])
        #expect(Self.reason(forged, [authority.documentSigner]) == .revocationUnknown)

        #expect(Self.reason(try IACATrust(anchors: [authority.iaca], requiresRevocationCheck: true), [authority.documentSigner]) == .revocationUnknown)
    }

    @Test("Malformed certificates and CRLs are typed errors: not DER, trailing bytes, a truncated body")
    func malformed() throws {
        let authority = try IssuingAuthorityFixture()
        let der = [UInt8](authority.documentSigner.derRepresentation)
        for bytes in [[0x30, 0x03, 0x02, 0x01], der + [0x00], Array(der.prefix(der.count / 2)), []] {
            #expect(throws: IDCoreError(.malformedCertificate, "")) { try X509Certificate(derRepresentation: bytes) }
            #expect(throws: IDCoreError(.malformedCertificate, "")) { try CertificateRevocationList(derRepresentation: bytes) }
        }
        #expect(throws: IDCoreError(.invalidKeyEncoding, "")) { try X509Certificate(pemRepresentation: authority.signerKey.publicKey.pemRepresentation) }
    }

    static func reason(_ trust: IACATrust, _ chain: [X509Certificate], at time: Date = during) -> IACATrust.Failure.Reason? {
        switch trust.validate(chain: chain, at: time) {
        case .success: nil
        case .failure(let failure): failure.reason
        }
    }
}
