/// An X.509 distinguished name (RFC 5280 section 4.1.2.4): attributes in order, each an object
/// identifier and its value.
public struct X509Name: Sendable, Hashable, CustomStringConvertible {
    /// One attribute of a name.
    public struct Attribute: Sendable, Hashable {
        /// The attribute type, dotted (`2.5.4.6` for countryName).
        public let oid: String
        /// The value, as UTF-8.
        public let value: String

        /// An attribute of type `oid`.
        public init(oid: String, value: String) {
            self.oid = oid
            self.value = value
        }
    }

    /// Attribute types the SDK names (RFC 5280 appendix A, X.520).
    public enum AttributeType {
        /// commonName (CN).
        public static let commonName = "2.5.4.3"
        /// countryName (C), ISO 3166-1 alpha-2.
        public static let country = "2.5.4.6"
        /// localityName (L).
        public static let locality = "2.5.4.7"
        /// stateOrProvinceName (ST).
        public static let stateOrProvince = "2.5.4.8"
        /// organizationName (O).
        public static let organization = "2.5.4.10"
    }

    /// The attributes, one per relative distinguished name, in order.
    public let attributes: [Attribute]

    /// A name of these attributes, in order.
    public init(_ attributes: [Attribute]) {
        self.attributes = attributes
    }

    /// A name of the usual attributes: country first, as IACA and document-signer names are
    /// written, then state or province, organisation and common name.
    public init(commonName: String, country: String? = nil, stateOrProvince: String? = nil, organization: String? = nil) {
        let pairs: [(String, String?)] = [(AttributeType.country, country), (AttributeType.stateOrProvince, stateOrProvince),
                                          (AttributeType.organization, organization), (AttributeType.commonName, commonName)]
        attributes = pairs.compactMap { oid, value in value.map { Attribute(oid: oid, value: $0) } }
    }

    /// The values of every attribute of type `oid`.
    public func values(of oid: String) -> [String] {
        attributes.filter { $0.oid == oid }.map(\.value)
    }

    /// The common name, when there is exactly one.
    public var commonName: String? { single(AttributeType.commonName) }
    /// The country (ISO 3166-1 alpha-2), when there is exactly one.
    public var country: String? { single(AttributeType.country) }
    /// The state or province, when there is exactly one.
    public var stateOrProvince: String? { single(AttributeType.stateOrProvince) }

    /// `C=UT, O=…, CN=…`, in the name's order.
    public var description: String {
        let short = [AttributeType.commonName: "CN", AttributeType.country: "C", AttributeType.locality: "L",
                     AttributeType.stateOrProvince: "ST", AttributeType.organization: "O"]
        return attributes.map { "\(short[$0.oid] ?? $0.oid)=\($0.value)" }.joined(separator: ", ")
    }

    private func single(_ oid: String) -> String? {
        let found = values(of: oid)
        return found.count == 1 ? found[0] : nil
    }

    /// The DER Name: each attribute its own RDN; the country a PrintableString as RFC 5280
    /// requires, the others UTF8String.
    var der: [UInt8] {
        DER.element(DER.sequence, attributes.flatMap { attribute in
            let type = DER.element(DER.objectIdentifier, DER.objectIdentifierContent(attribute.oid))
            let value = DER.element(attribute.oid == AttributeType.country ? DER.printableString : DER.utf8String, Array(attribute.value.utf8))
            return DER.element(DER.set, DER.element(DER.sequence, type + value))
        })
    }
}
