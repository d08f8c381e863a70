import Foundation

/// An X.509 certificate (RFC 5280), read by OpenSSL: an IACA root, a document signer, a reader.
///
/// Reading checks the DER only; whether a certificate is trusted, current, revoked or fit for a
/// purpose is for a validator (``IACATrust`` for mdoc issuers). The fields the SDK checks are
/// read out, and every extension is kept with its DER.
///
/// ```swift
/// let iaca = try X509Certificate(pemRepresentation: String(contentsOf: iacaFile))
/// print(iaca.subject.country, iaca.notAfter, iaca.keyUsage)
/// ```
public struct X509Certificate: Sendable, Hashable, CustomStringConvertible {
    /// Basic constraints (RFC 5280 section 4.2.1.9).
    public struct BasicConstraints: Sendable, Hashable {
        /// Whether the subject is a certification authority.
        public let isCA: Bool
        /// How many CA certificates may follow it in a path, if limited.
        public let pathLength: Int?
    }

    /// The certificate's DER.
    public let derRepresentation: Data
    /// Whom the certificate names.
    public let subject: X509Name
    /// Who issued it.
    public let issuer: X509Name
    /// The serial number's magnitude, big-endian.
    public let serialNumber: [UInt8]
    /// The start of the validity period.
    public let notBefore: Date
    /// The end of the validity period.
    public let notAfter: Date
    /// The subject's key, or nil for a key type the SDK does not verify with (RSA).
    public let publicKey: VerificationKey?
    /// The signature algorithm's object identifier, dotted.
    public let signatureAlgorithm: String
    /// Every extension, in order.
    public let extensions: [X509Extension]
    /// Key usage, if the certificate has the extension.
    public let keyUsage: X509KeyUsage?
    /// Extended key usage purposes (dotted), if the certificate has the extension.
    public let extendedKeyUsage: [String]?
    /// Basic constraints, if the certificate has the extension.
    public let basicConstraints: BasicConstraints?
    /// The URIs of its CRL distribution points.
    public let crlDistributionPoints: [String]
    /// The subject key identifier, if present.
    public let subjectKeyIdentifier: [UInt8]?
    /// The authority key identifier's key identifier, if present.
    public let authorityKeyIdentifier: [UInt8]?

    let handle: X509Handle

    /// Reads a DER certificate; throws `malformed-certificate` for anything else, and for an
    /// extension the SDK checks whose syntax is wrong or that appears twice.
    public init(derRepresentation: some DataProtocol) throws {
        let der = Array(derRepresentation)
        let handle = try X509Handle(der: der)
        self.handle = handle
        self.derRepresentation = Data(der)
        subject = X509Name(handle.subject.map { X509Name.Attribute(oid: $0.oid, value: $0.value) })
        issuer = X509Name(handle.issuer.map { X509Name.Attribute(oid: $0.oid, value: $0.value) })
        let serial = handle.serialNumber
        guard !serial.negative, let notBefore = handle.notBefore, let notAfter = handle.notAfter else {
            throw IDCoreError(.malformedCertificate, "The certificate has a negative serial number or an unreadable validity period.")
        }
        serialNumber = serial.magnitude
        self.notBefore = notBefore
        self.notAfter = notAfter
        do {
            publicKey = try VerificationKey(derRepresentation: handle.subjectPublicKeyInfo())
        } catch let error as IDCoreError where error.code == .unsupportedAlgorithm {
            publicKey = nil
        }
        signatureAlgorithm = handle.signatureAlgorithm
        extensions = handle.extensions.map { X509Extension(oid: $0.oid, isCritical: $0.critical, value: $0.value) }
        guard Set(extensions.map(\.oid)).count == extensions.count else {
            throw IDCoreError(.malformedCertificate, "The certificate repeats an extension (RFC 5280 section 4.2).")
        }
        let values = Dictionary(uniqueKeysWithValues: extensions.map { ($0.oid, $0.value) })
        typealias Identifier = X509Extension.Identifier
        keyUsage = try values[Identifier.keyUsage].map(X509KeyUsage.init(der:))
        extendedKeyUsage = try values[Identifier.extendedKeyUsage].map(X509ExtensionReader.objectIdentifiers)
        basicConstraints = try values[Identifier.basicConstraints].map(X509ExtensionReader.basicConstraints).map { BasicConstraints(isCA: $0.isCA, pathLength: $0.pathLength) }
        crlDistributionPoints = try values[Identifier.crlDistributionPoints].map(X509ExtensionReader.distributionPointURIs) ?? []
        subjectKeyIdentifier = try values[Identifier.subjectKeyIdentifier].map(X509ExtensionReader.octetString)
        authorityKeyIdentifier = try values[Identifier.authorityKeyIdentifier].flatMap(X509ExtensionReader.authorityKeyIdentifier)
    }

    /// Reads a `CERTIFICATE` PEM document.
    public init(pemRepresentation: String) throws {
        try self.init(derRepresentation: PEMDocument(parsing: pemRepresentation, acceptedLabels: ["CERTIFICATE"]).der)
    }

    /// Every certificate of a PEM bundle, in order.
    public static func certificates(pemBundle: String) throws -> [X509Certificate] {
        try PEMDocument.all(in: pemBundle, label: "CERTIFICATE").map { try X509Certificate(derRepresentation: $0.der) }
    }

    /// A `CERTIFICATE` PEM document.
    public var pemRepresentation: String {
        PEMDocument(label: "CERTIFICATE", der: derRepresentation).text
    }

    /// Whether `date` lies within the validity period.
    public func isValid(at date: Date) -> Bool {
        notBefore <= date && date <= notAfter
    }

    /// Whether the certificate names itself as issuer (a root such as an IACA).
    public var isSelfIssued: Bool { subject == issuer }

    public var description: String {
        "X509Certificate(\(subject), serial \(serialNumber.map { String(format: "%02x", $0) }.joined()), \(notBefore) – \(notAfter))"
    }

    public static func == (lhs: X509Certificate, rhs: X509Certificate) -> Bool {
        lhs.derRepresentation == rhs.derRepresentation
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(derRepresentation)
    }
}
