import Foundation

/// The disclosed part of a mobile driving licence (ISO/IEC 18013-5 clause 7, table 5): each
/// field is nil unless its element was disclosed, and each disclosed one is checked for its
/// type.
public struct MobileDrivingLicence: Sendable, Hashable {
    /// `org.iso.18013.5.1.mDL`.
    public static let docType = "org.iso.18013.5.1.mDL"
    /// `org.iso.18013.5.1`, the namespace of the mDL data elements of table 5.
    public static let namespace = "org.iso.18013.5.1"

    /// One category of vehicle the holder may drive (7.2.4).
    public struct DrivingPrivilege: Sendable, Hashable {
        /// `vehicle_category_code`: `A`, `B`, `C1`…
        public let vehicleCategoryCode: String
        /// When the category was first granted, if stated.
        public let issueDate: CalendarDate?
        /// When the category lapses, if stated.
        public let expiryDate: CalendarDate?
    }

    /// `family_name`.
    public let familyName: String?
    /// `given_name`.
    public let givenName: String?
    /// `birth_date`.
    public let birthDate: CalendarDate?
    /// `issue_date`.
    public let issueDate: CalendarDate?
    /// `expiry_date`.
    public let expiryDate: CalendarDate?
    /// `issuing_country`, ISO 3166-1 alpha-2.
    public let issuingCountry: String?
    /// `issuing_authority`.
    public let issuingAuthority: String?
    /// `document_number`.
    public let documentNumber: String?
    /// `portrait`: the JPEG or JPEG 2000 image.
    public let portrait: Data?
    /// `driving_privileges`.
    public let drivingPrivileges: [DrivingPrivilege]?
    /// `un_distinguishing_sign`.
    public let unDistinguishingSign: String?
    /// `nationality`, ISO 3166-1 alpha-2.
    public let nationality: String?
    /// The `age_over_NN` answers disclosed, by NN.
    public let ageOver: [Int: Bool]

    /// Reads the disclosed elements of the mDL namespace.
    public init(elements: [String: CBORValue]) throws {
        let read = MdocElements(document: "mDL", elements: elements)
        familyName = try read.text("family_name")
        givenName = try read.text("given_name")
        birthDate = try read.date("birth_date")
        issueDate = try read.date("issue_date")
        expiryDate = try read.date("expiry_date")
        issuingCountry = try read.text("issuing_country")
        issuingAuthority = try read.text("issuing_authority")
        documentNumber = try read.text("document_number")
        portrait = try read.bytes("portrait")
        unDistinguishingSign = try read.text("un_distinguishing_sign")
        nationality = try read.text("nationality")
        ageOver = try read.ageOver
        drivingPrivileges = try read.typed("driving_privileges", "an array of driving privileges") { $0.arrayValue }?.map { privilege in
            let fields = MdocElements(document: "mDL driving privilege", elements: Dictionary(
                (privilege.mapValue ?? [:]).compactMap { entry in entry.key.textValue.map { ($0, entry.value) } }, uniquingKeysWith: { first, _ in first }))
            guard let code = try fields.text("vehicle_category_code") else {
                throw IDCoreError(.invalidPersonalData, "An mDL driving privilege has no vehicle_category_code.")
            }
            return DrivingPrivilege(vehicleCategoryCode: code, issueDate: try fields.date("issue_date"), expiryDate: try fields.date("expiry_date"))
        }
    }
}

/// The disclosed part of the EU person identification data as mdoc (`eu.europa.ec.eudi.pid.1`,
/// the PID rulebook of the EUDI wallet architecture): each field is nil unless disclosed.
public struct PersonIdentificationData: Sendable, Hashable {
    /// `eu.europa.ec.eudi.pid.1`, the document type and the namespace of its elements.
    public static let docType = "eu.europa.ec.eudi.pid.1"
    /// The namespace, the document type's own name.
    public static let namespace = "eu.europa.ec.eudi.pid.1"

    /// `family_name`.
    public let familyName: String?
    /// `given_name`.
    public let givenName: String?
    /// `birth_date`.
    public let birthDate: CalendarDate?
    /// `birth_place`.
    public let birthPlace: String?
    /// `nationality`: ISO 3166-1 alpha-2 codes (one, or an array of them).
    public let nationalities: [String]?
    /// `resident_country`.
    public let residentCountry: String?
    /// `issuing_country`.
    public let issuingCountry: String?
    /// `issuing_authority`.
    public let issuingAuthority: String?
    /// `issuance_date`.
    public let issuanceDate: CalendarDate?
    /// `expiry_date`.
    public let expiryDate: CalendarDate?
    /// `document_number`.
    public let documentNumber: String?
    /// The `age_over_NN` answers disclosed, by NN.
    public let ageOver: [Int: Bool]

    /// Reads the disclosed elements of the PID namespace.
    public init(elements: [String: CBORValue]) throws {
        let read = MdocElements(document: "PID", elements: elements)
        familyName = try read.text("family_name")
        givenName = try read.text("given_name")
        birthDate = try read.date("birth_date")
        birthPlace = try read.text("birth_place")
        residentCountry = try read.text("resident_country")
        issuingCountry = try read.text("issuing_country")
        issuingAuthority = try read.text("issuing_authority")
        issuanceDate = try read.date("issuance_date")
        expiryDate = try read.date("expiry_date")
        documentNumber = try read.text("document_number")
        ageOver = try read.ageOver
        nationalities = try read.typed("nationality", "a country code or an array of them") { value in
            value.textValue.map { [$0] } ?? value.arrayValue.flatMap { items in
                let codes = items.compactMap(\.textValue)
                return codes.count == items.count ? codes : nil
            }
        }
    }
}

extension MdocVerificationOutcome.VerifiedDocument {
    /// The disclosed mDL elements, typed.
    public var mobileDrivingLicence: MobileDrivingLicence {
        get throws { try MobileDrivingLicence(elements: elements[MobileDrivingLicence.namespace] ?? [:]) }
    }

    /// The disclosed EU PID elements, typed.
    public var personIdentificationData: PersonIdentificationData {
        get throws { try PersonIdentificationData(elements: elements[PersonIdentificationData.namespace] ?? [:]) }
    }
}
