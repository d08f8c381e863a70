/// One certificate or CRL extension (RFC 5280 section 4.2): its identifier, whether it is
/// critical, and its value's DER. The factories build the extensions the SDK issues; the
/// readers on ``X509Certificate`` parse the ones it checks.
public struct X509Extension: Sendable, Hashable {
    /// The extension's identifier, dotted.
    public let oid: String
    /// Whether a relying party that does not understand it must refuse the certificate.
    public let isCritical: Bool
    /// The DER inside the extension's OCTET STRING.
    public let value: [UInt8]

    /// An extension of any kind.
    public init(oid: String, isCritical: Bool, value: [UInt8]) {
        self.oid = oid
        self.isCritical = isCritical
        self.value = value
    }

    /// The identifiers of the extensions the SDK builds or checks (RFC 5280 section 4.2.1).
    public enum Identifier {
        /// Subject key identifier.
        public static let subjectKeyIdentifier = "2.5.29.14"
        /// Key usage.
        public static let keyUsage = "2.5.29.15"
        /// Issuer alternative name.
        public static let issuerAlternativeName = "2.5.29.18"
        /// Basic constraints.
        public static let basicConstraints = "2.5.29.19"
        /// CRL number (a CRL extension).
        public static let crlNumber = "2.5.29.20"
        /// Name constraints (forbidden by Annex B).
        public static let nameConstraints = "2.5.29.30"
        /// CRL distribution points.
        public static let crlDistributionPoints = "2.5.29.31"
        /// Policy mappings (forbidden by Annex B).
        public static let policyMappings = "2.5.29.33"
        /// Authority key identifier.
        public static let authorityKeyIdentifier = "2.5.29.35"
        /// Policy constraints (forbidden by Annex B).
        public static let policyConstraints = "2.5.29.36"
        /// Extended key usage.
        public static let extendedKeyUsage = "2.5.29.37"
        /// Freshest CRL (forbidden by Annex B).
        public static let freshestCRL = "2.5.29.46"
        /// Inhibit anyPolicy (forbidden by Annex B).
        public static let inhibitAnyPolicy = "2.5.29.54"
    }

    /// Basic constraints, critical: a CA (with an optional path length) or an end entity.
    public static func basicConstraints(isCA: Bool, pathLength: Int? = nil) -> X509Extension {
        var content: [UInt8] = isCA ? DER.element(DER.boolean, [0xFF]) : []
        if isCA, let pathLength { DER.appendUnsignedInteger(withUnsafeBytes(of: UInt32(clamping: pathLength).bigEndian, Array.init), to: &content) }
        return X509Extension(oid: Identifier.basicConstraints, isCritical: true, value: DER.element(DER.sequence, content))
    }

    /// Key usage, critical.
    public static func keyUsage(_ usage: X509KeyUsage) -> X509Extension {
        X509Extension(oid: Identifier.keyUsage, isCritical: true, value: usage.der)
    }

    /// Extended key usage, critical, with these purposes (dotted identifiers).
    public static func extendedKeyUsage(_ purposes: [String]) -> X509Extension {
        let content = purposes.flatMap { DER.element(DER.objectIdentifier, DER.objectIdentifierContent($0)) }
        return X509Extension(oid: Identifier.extendedKeyUsage, isCritical: true, value: DER.element(DER.sequence, content))
    }

    /// The subject key identifier (not critical).
    public static func subjectKeyIdentifier(_ identifier: [UInt8]) -> X509Extension {
        X509Extension(oid: Identifier.subjectKeyIdentifier, isCritical: false, value: DER.element(DER.octetString, identifier))
    }

    /// The authority key identifier (not critical): the issuer's subject key identifier.
    public static func authorityKeyIdentifier(_ identifier: [UInt8]) -> X509Extension {
        X509Extension(oid: Identifier.authorityKeyIdentifier, isCritical: false,
                      value: DER.element(DER.sequence, DER.element(DER.contextTag(0, constructed: false), identifier)))
    }

    /// CRL distribution points (not critical): one distribution point per URI, by full name.
    public static func crlDistributionPoints(_ uris: [String]) -> X509Extension {
        let points = uris.flatMap { uri in
            let fullName = DER.element(DER.contextTag(0, constructed: true), GeneralName.uri(uri).der)
            return DER.element(DER.sequence, DER.element(DER.contextTag(0, constructed: true), fullName))
        }
        return X509Extension(oid: Identifier.crlDistributionPoints, isCritical: false, value: DER.element(DER.sequence, points))
    }

    /// The issuer alternative name (not critical): how to reach the issuer.
    public static func issuerAlternativeName(_ names: [GeneralName]) -> X509Extension {
        X509Extension(oid: Identifier.issuerAlternativeName, isCritical: false, value: DER.element(DER.sequence, names.flatMap(\.der)))
    }

    /// The extension as it sits in a certificate: `SEQUENCE { oid, [critical], OCTET STRING }`.
    var der: [UInt8] {
        DER.element(DER.sequence, DER.element(DER.objectIdentifier, DER.objectIdentifierContent(oid))
            + (isCritical ? DER.element(DER.boolean, [0xFF]) : []) + DER.element(DER.octetString, value))
    }

    /// A general name of the two kinds an issuer alternative name or a distribution point uses.
    public enum GeneralName: Sendable, Hashable {
        /// `rfc822Name`, an e-mail address.
        case email(String)
        /// `uniformResourceIdentifier`.
        case uri(String)

        var der: [UInt8] {
            switch self {
            case .email(let address): DER.element(DER.contextTag(1, constructed: false), Array(address.utf8))
            case .uri(let uri): DER.element(DER.contextTag(6, constructed: false), Array(uri.utf8))
            }
        }
    }
}

/// Readers of the extensions the SDK checks, strict about their syntax.
enum X509ExtensionReader {
    static func basicConstraints(_ der: [UInt8]) throws -> (isCA: Bool, pathLength: Int?) {
        var outer = DER.Reader(der, failure: .malformedCertificate)
        var fields = DER.Reader(try outer.read(DER.sequence), failure: .malformedCertificate)
        try outer.expectEnd()
        var isCA = false
        if fields.nextTag == DER.boolean {
            let flag = try fields.read(DER.boolean)
            // DER writes TRUE as FF and leaves a FALSE default out.
            guard flag.elementsEqual([0xFF]) else { throw IDCoreError(.malformedCertificate, "Basic constraints' cA is not DER TRUE.") }
            isCA = true
        }
        var pathLength: Int?
        if !fields.isAtEnd {
            let magnitude = try fields.readUnsignedInteger()
            guard magnitude.count <= 4 else { throw IDCoreError(.malformedCertificate, "Basic constraints' path length is too large.") }
            pathLength = magnitude.reduce(0) { $0 << 8 | Int($1) }
        }
        try fields.expectEnd()
        return (isCA, pathLength)
    }

    static func objectIdentifiers(_ der: [UInt8]) throws -> [String] {
        var outer = DER.Reader(der, failure: .malformedCertificate)
        var list = DER.Reader(try outer.read(DER.sequence), failure: .malformedCertificate)
        try outer.expectEnd()
        var identifiers: [String] = []
        while !list.isAtEnd {
            guard let dotted = DER.dottedObjectIdentifier(try list.read(DER.objectIdentifier)) else {
                throw IDCoreError(.malformedCertificate, "An extended key usage is not a valid object identifier.")
            }
            identifiers.append(dotted)
        }
        return identifiers
    }

    static func octetString(_ der: [UInt8]) throws -> [UInt8] {
        var reader = DER.Reader(der, failure: .malformedCertificate)
        let content = try reader.read(DER.octetString)
        try reader.expectEnd()
        return Array(content)
    }

    /// The key identifier of an authority key identifier, if it has one.
    static func authorityKeyIdentifier(_ der: [UInt8]) throws -> [UInt8]? {
        var outer = DER.Reader(der, failure: .malformedCertificate)
        var fields = DER.Reader(try outer.read(DER.sequence), failure: .malformedCertificate)
        try outer.expectEnd()
        guard fields.nextTag == DER.contextTag(0, constructed: false) else { return nil }
        return Array(try fields.read(DER.contextTag(0, constructed: false)))
    }

    /// The URIs of every distribution point named by full name.
    static func distributionPointURIs(_ der: [UInt8]) throws -> [String] {
        var outer = DER.Reader(der, failure: .malformedCertificate)
        var points = DER.Reader(try outer.read(DER.sequence), failure: .malformedCertificate)
        try outer.expectEnd()
        var uris: [String] = []
        while !points.isAtEnd {
            var point = DER.Reader(try points.read(DER.sequence), failure: .malformedCertificate)
            guard point.nextTag == DER.contextTag(0, constructed: true) else { continue }
            var name = DER.Reader(try point.read(DER.contextTag(0, constructed: true)), failure: .malformedCertificate)
            guard name.nextTag == DER.contextTag(0, constructed: true) else { continue }
            var fullName = DER.Reader(try name.read(DER.contextTag(0, constructed: true)), failure: .malformedCertificate)
            while let tag = fullName.nextTag {
                let content = try fullName.read(tag)
                if tag == DER.contextTag(6, constructed: false) { uris.append(String(decoding: content, as: UTF8.self)) }
            }
        }
        return uris
    }
}
