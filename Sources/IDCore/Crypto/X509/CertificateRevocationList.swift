import Foundation

/// A certificate revocation list (RFC 5280 section 5), read by OpenSSL: the serial numbers an
/// issuer has revoked, signed by it, current from `thisUpdate` to `nextUpdate`.
///
/// A CRL is only used once a validator has checked its signature by the issuer and that it is
/// current (``IACATrust`` hands it to OpenSSL's path validation for that).
public struct CertificateRevocationList: Sendable, Hashable, CustomStringConvertible {
    /// The CRL's DER.
    public let derRepresentation: Data
    /// The issuer the list speaks for.
    public let issuer: X509Name
    /// When the list was issued.
    public let thisUpdate: Date
    /// When the next list is due; a CRL without one is refused, as RFC 5280 requires it.
    public let nextUpdate: Date
    /// The magnitudes of the serial numbers it revokes, big-endian.
    public let revokedSerialNumbers: [[UInt8]]

    let handle: X509CRLHandle

    /// Reads a DER CRL; throws `malformed-certificate` for anything else.
    public init(derRepresentation: some DataProtocol) throws {
        let der = Array(derRepresentation)
        handle = try X509CRLHandle(der: der)
        self.derRepresentation = Data(der)
        issuer = X509Name(handle.issuer.map { X509Name.Attribute(oid: $0.oid, value: $0.value) })
        guard let thisUpdate = handle.thisUpdate, let nextUpdate = handle.nextUpdate else {
            throw IDCoreError(.malformedCertificate, "The CRL has no readable thisUpdate or nextUpdate.")
        }
        self.thisUpdate = thisUpdate
        self.nextUpdate = nextUpdate
        revokedSerialNumbers = handle.revokedSerialNumbers
    }

    /// Reads an `X509 CRL` PEM document.
    public init(pemRepresentation: String) throws {
        try self.init(derRepresentation: PEMDocument(parsing: pemRepresentation, acceptedLabels: ["X509 CRL"]).der)
    }

    /// An `X509 CRL` PEM document.
    public var pemRepresentation: String {
        PEMDocument(label: "X509 CRL", der: derRepresentation).text
    }

    /// Whether the list names `certificate`'s serial number (its signature and currency are
    /// checked by ``problem(issuedBy:at:)``).
    public func lists(_ certificate: X509Certificate) -> Bool {
        revokedSerialNumbers.contains(certificate.serialNumber)
    }

    /// Why the list cannot be relied on for certificates of `issuer` at `time`, or nil when it
    /// can: it must be in the issuer's name, signed by the issuer's key with that key's own
    /// algorithm, current (`thisUpdate` ≤ time ≤ `nextUpdate`), and carry no critical extension
    /// (a delta CRL or a partitioned one, which the SDK does not process).
    ///
    /// The signature is checked here rather than by OpenSSL's verifier, which in OpenSSL 3.0
    /// cannot be given the SM2 distinguishing ID a national CRL's signature covers.
    public func problem(issuedBy issuer: X509Certificate, at time: Date) -> String? {
        guard self.issuer == issuer.subject else { return "The CRL is in the name of \(self.issuer), not \(issuer.subject)." }
        guard thisUpdate <= time, time <= nextUpdate else { return "The CRL of \(issuer.subject) is current from \(thisUpdate) to \(nextUpdate), not at \(time)." }
        if let critical = handle.extensions.first(where: \.critical) { return "The CRL carries a critical extension \(critical.oid) the SDK does not process." }
        guard let key = issuer.publicKey, isSigned(by: key) else { return "The CRL's signature does not verify with the key of \(issuer.subject)." }
        return nil
    }

    /// Whether the TBSCertList is signed by `key` with the algorithm identifier of that key's
    /// own algorithm.
    private func isSigned(by key: VerificationKey) -> Bool {
        var outer = DER.Reader(derRepresentation, failure: .malformedCertificate)
        guard let body = try? outer.read(DER.sequence) else { return false }
        var list = DER.Reader(body, failure: .malformedCertificate)
        guard let tbs = try? list.readElement(DER.sequence), let algorithm = try? list.readElement(DER.sequence),
              let bits = try? list.read(DER.bitString), bits.first == 0, algorithm.elementsEqual(X509Signing.algorithmIdentifier(key.algorithm)) else {
            return false
        }
        let value = bits.dropFirst()
        let signature = key.algorithm.hasDERSignatures
            ? try? Signature(derRepresentation: value, algorithm: key.algorithm) : try? Signature(rawRepresentation: value, algorithm: key.algorithm)
        return signature.map { key.isValidSignature($0, for: tbs) } ?? false
    }

    public var description: String {
        "CertificateRevocationList(\(issuer), \(revokedSerialNumbers.count) revoked, \(thisUpdate) – \(nextUpdate))"
    }

    public static func == (lhs: CertificateRevocationList, rhs: CertificateRevocationList) -> Bool {
        lhs.derRepresentation == rhs.derRepresentation
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(derRepresentation)
    }

    /// Issues a version 2 CRL in the name of `issuer` (a CA certificate whose key `signer`
    /// holds, its subject name copied byte for byte), revoking each serial number as of its date, with the authority key identifier
    /// and a CRL number (RFC 5280 sections 5.2.1 and 5.2.3).
    public static func issue(by issuer: X509Certificate, signer: some MessageSigner, number: UInt64, thisUpdate: Date, nextUpdate: Date,
                             revoked: [(serialNumber: [UInt8], date: Date)]) throws -> CertificateRevocationList {
        guard thisUpdate <= nextUpdate, FourDigitYears.contain([thisUpdate, nextUpdate] + revoked.map(\.date)) else {
            throw IDCoreError(.invalidParameter, "A CRL's thisUpdate must not follow its nextUpdate, and its dates lie between the years 1 and 9999.")
        }
        guard issuer.publicKey == signer.publicKey else {
            throw IDCoreError(.invalidParameter, "The CRL's signer does not hold the key of its issuer's certificate.")
        }
        let entries = revoked.flatMap { entry -> [UInt8] in
            var serial: [UInt8] = []
            DER.appendUnsignedInteger(entry.serialNumber, to: &serial)
            return DER.element(DER.sequence, serial + X509Signing.time(entry.date))
        }
        var crlNumber: [UInt8] = []
        DER.appendUnsignedInteger(withUnsafeBytes(of: number.bigEndian, Array.init), to: &crlNumber)
        let keyIdentifier = try issuer.subjectKeyIdentifier ?? X509Signing.keyIdentifier(of: signer.publicKey)
        let extensions = [X509Extension.authorityKeyIdentifier(keyIdentifier),
                          X509Extension(oid: X509Extension.Identifier.crlNumber, isCritical: false, value: crlNumber)]
        let tbs = DER.element(DER.sequence, DER.element(DER.integer, [1]) + X509Signing.algorithmIdentifier(signer.algorithm) + (try issuer.handle.subjectNameDER())
            + X509Signing.time(thisUpdate) + X509Signing.time(nextUpdate) + (revoked.isEmpty ? [] : DER.element(DER.sequence, entries))
            + DER.element(DER.contextTag(0, constructed: true), DER.element(DER.sequence, extensions.flatMap(\.der))))
        return try CertificateRevocationList(derRepresentation: X509Signing.sign(tbs, with: signer))
    }
}
