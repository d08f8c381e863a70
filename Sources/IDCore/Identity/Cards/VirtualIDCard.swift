import Foundation

/// The data of a virtual resident identity card: what the physical card shows, bound to a face
/// template, as an identity authority issues it into a wallet.
///
/// Every field is validated on construction and on decoding, and the card must agree with
/// itself: the sex and birth date are those the identity number encodes. Its JSON field names
/// are stable and become the credential's claim names:
///
/// | field | JSON | form |
/// |---|---|---|
/// | ``name`` | `name` | Han characters, minority names with `·`; Latin script for foreigners |
/// | ``sex`` | `sex` | `male` / `female` |
/// | ``ethnicity`` | `ethnicity` | GB/T 3304 two-digit code; citizens only |
/// | ``nationality`` | `nationality` | ISO 3166-1 numeric code; foreigners only |
/// | ``birthDate`` | `birth_date` | `YYYY-MM-DD` |
/// | ``address`` | `address` | text, up to 128 characters |
/// | ``idNumber`` | `id_number` | 18 characters (GB 11643), also of residence permits and permanent residence cards |
/// | ``issuingAuthority`` | `issuing_authority` | text, up to 64 characters |
/// | ``validity`` | `validity` | `{"start", "end"}`, `end` may be `long-term` |
/// | ``portrait`` | `portrait` | `{"model_id", "template"}` |
/// | ``assuranceLevel`` | `assurance_level` | `low` / `substantial` / `high` |
public struct VirtualIDCard: Sendable, Hashable, PersonalDataDocument {
    /// The holder's name.
    public let name: PersonName
    /// The holder's sex; must match the identity number.
    public let sex: Sex
    /// The holder's ethnicity (GB/T 3304): a citizen's card has one; the residence permits of
    /// Hong Kong, Macao and Taiwan residents and the foreigner's card have none.
    public let ethnicity: Ethnicity?
    /// A foreign permanent resident's nationality, the one the identity number encodes; nil
    /// for everyone else.
    public let nationality: Country?
    /// The holder's date of birth; must match the identity number.
    public let birthDate: CalendarDate
    /// The holder's registered address.
    public let address: String
    /// The holder's resident ID number; prints masked.
    public let idNumber: ResidentIDNumber
    /// The public security bureau that issued the card.
    public let issuingAuthority: String
    /// The card's validity period; it cannot start before the holder's birth.
    public let validity: ValidityPeriod
    /// The holder's face template, as the face model produced it at enrolment.
    public let portrait: PortraitTemplateReference
    /// How strongly the holder was identified at enrolment.
    public let assuranceLevel: AssuranceLevel

    /// The JSON field names, which are also the credential claim names.
    public enum CodingKeys: String, CodingKey, CaseIterable {
        /// `name`
        case name
        /// `sex`
        case sex
        /// `ethnicity`
        case ethnicity
        /// `nationality`
        case nationality
        /// `birth_date`
        case birthDate = "birth_date"
        /// `address`
        case address
        /// `id_number`
        case idNumber = "id_number"
        /// `issuing_authority`
        case issuingAuthority = "issuing_authority"
        /// `validity`
        case validity
        /// `portrait`
        case portrait
        /// `assurance_level`
        case assuranceLevel = "assurance_level"
    }

    /// Creates a card; throws `IDCoreError` when sex, birth date or nationality disagree with
    /// the identity number, a citizen's card has no ethnicity or another has one, or a text or
    /// date is invalid.
    public init(
        name: PersonName, sex: Sex, ethnicity: Ethnicity?, nationality: Country? = nil, birthDate: CalendarDate, address: String,
        idNumber: ResidentIDNumber, issuingAuthority: String, validity: ValidityPeriod,
        portrait: PortraitTemplateReference, assuranceLevel: AssuranceLevel
    ) throws {
        guard sex == idNumber.sex else {
            throw IDCoreError(.invalidPersonalData, "The card says \(sex) but the identity number encodes \(idNumber.sex).")
        }
        guard birthDate == idNumber.birthDate else {
            throw IDCoreError(.invalidPersonalData, "The card's birth date \(birthDate) differs from the identity number's \(idNumber.birthDate).")
        }
        switch idNumber.kind {
        case .citizen:
            guard ethnicity != nil, nationality == nil else {
                throw IDCoreError(.invalidPersonalData, "A citizen's card has an ethnicity and no nationality.")
            }
            guard name.script == .han else {
                throw IDCoreError(.invalidPersonalData, "A citizen's card gives the name in Han characters.")
            }
        case .residencePermit:
            guard ethnicity == nil, nationality == nil else {
                throw IDCoreError(.invalidPersonalData, "A residence permit has no ethnicity and no nationality.")
            }
        case .foreignPermanentResident(let encoded):
            guard ethnicity == nil, nationality == encoded else {
                throw IDCoreError(.invalidPersonalData, "A permanent residence card has no ethnicity and the nationality its number encodes (\(encoded.alpha3)).")
            }
        }
        guard validity.start >= birthDate else {
            throw IDCoreError(.invalidPersonalData, "The card's validity starts (\(validity.start)) before the holder's birth.")
        }
        self.name = name
        self.sex = sex
        self.ethnicity = ethnicity
        self.nationality = nationality
        self.birthDate = birthDate
        self.address = try PersonalDataText.validated(address, field: "address", maximumLength: 128)
        self.idNumber = idNumber
        self.issuingAuthority = try PersonalDataText.validated(issuingAuthority, field: "issuing authority", maximumLength: 64)
        self.validity = validity
        self.portrait = portrait
        self.assuranceLevel = assuranceLevel
    }

    /// Decodes a card, validating it like the memberwise initialiser.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(
            name: container.decode(PersonName.self, forKey: .name),
            sex: container.decode(Sex.self, forKey: .sex),
            ethnicity: container.decodeIfPresent(Ethnicity.self, forKey: .ethnicity),
            nationality: container.decodeIfPresent(Country.self, forKey: .nationality),
            birthDate: container.decode(CalendarDate.self, forKey: .birthDate),
            address: container.decode(String.self, forKey: .address),
            idNumber: container.decode(ResidentIDNumber.self, forKey: .idNumber),
            issuingAuthority: container.decode(String.self, forKey: .issuingAuthority),
            validity: container.decode(ValidityPeriod.self, forKey: .validity),
            portrait: container.decode(PortraitTemplateReference.self, forKey: .portrait),
            assuranceLevel: container.decode(AssuranceLevel.self, forKey: .assuranceLevel)
        )
    }
}
