import Foundation

/// The claims of an accepted presentation: the issuer's plain claims and the disclosed ones,
/// with typed views for the SDK's credential types.
public struct DisclosedClaims: Sendable {
    /// All claims, including `iss`, `vct`, `iat`, `exp`, `cnf` and `status`.
    public let all: JSONObject
    /// The paths of the claims that were selectively disclosed.
    public let disclosedPaths: [ClaimPath]
    /// The day the typed views check identity documents against: the verification time's.
    let referenceDate: CalendarDate

    init(all: JSONObject, disclosedPaths: [ClaimPath], verifiedAt: Date) {
        self.all = all
        self.disclosedPaths = disclosedPaths
        referenceDate = CalendarDate.today(now: verifiedAt)
    }

    /// The issuer identifier (`iss`).
    public var issuer: String? { all["iss"]?.stringValue }
    /// The credential type (`vct`).
    public var credentialType: String? { all["vct"]?.stringValue }
    /// When the credential was issued (`iat`).
    public var issuedAt: Date? { all["iat"]?.numericDate }
    /// When the credential expires (`exp`), if it does.
    public var expiresAt: Date? { all["exp"]?.numericDate }

    /// Decodes the claim `name` as `type`, or nil when it was not disclosed; an invalid value
    /// throws an `IDCoreError` whose reason names the claim.
    public func decode<Value: Decodable>(_ name: String, as type: Value.Type) throws -> Value? {
        try decode(at: ClaimPath([.claim(name)]), as: type)
    }

    /// Decodes the value at `path` (`validity.end`, `nationalities[0]`) as `type`, or nil when
    /// it was not disclosed; an invalid value throws an `IDCoreError` whose reason names the path.
    public func decode<Value: Decodable>(at path: ClaimPath, as type: Value.Type) throws -> Value? {
        guard let value = JSONValue.object(all).value(at: path) else { return nil }
        return try Self.naming(path) { try value.decoded(as: type, userInfo: userInfo) }
    }

    /// The claim `name` as a typed nested value when all its members were disclosed; nil when
    /// none or only some were, with each disclosed member checked and the partial claim's name
    /// added to `partial`.
    func decodeNested<Value: NestedClaimValue>(_ name: String, as type: Value.Type, partial: inout [String]) throws -> Value? {
        guard let value = all[name] else { return nil }
        guard let members = value.objectValue, !Value.memberNames.allSatisfy({ members[$0] != nil }) else {
            return try decode(name, as: type)
        }
        for member in Value.memberNames {
            try Self.naming(ClaimPath([.claim(name), .claim(member)])) { try Value.checkMember(member, of: members, userInfo: userInfo) }
        }
        partial.append(name)
        return nil
    }

    private var userInfo: [CodingUserInfoKey: Any] { [.referenceDate: referenceDate] }

    /// Runs a decoding of the value at `path`, giving its failure as an `IDCoreError` that names
    /// the path: `Decodable` types of other libraries throw `DecodingError`.
    private static func naming<Value>(_ path: ClaimPath, _ decode: () throws -> Value) throws -> Value {
        do {
            return try decode()
        } catch let error as IDCoreError {
            throw IDCoreError(error.code, "Claim '\(path)': \(error.reason)")
        } catch let error as DecodingError {
            throw IDCoreError(.invalidPersonalData, "Claim '\(path)': \(error.memberDescription)")
        }
    }

    /// The virtual ID card claims that were disclosed, typed and validated.
    public var virtualIDCard: VirtualIDCardClaims {
        get throws { try VirtualIDCardClaims(self) }
    }

    /// The social-security card claims that were disclosed, typed and validated.
    public var socialSecurityCard: SocialSecurityCardClaims {
        get throws { try SocialSecurityCardClaims(self) }
    }
}

/// The disclosed part of a ``VirtualIDCard``: each field is nil unless its claim was disclosed.
public struct VirtualIDCardClaims: Sendable {
    /// The holder's name.
    public let name: PersonName?
    /// The holder's sex.
    public let sex: Sex?
    /// The holder's ethnicity (GB/T 3304).
    public let ethnicity: Ethnicity?
    /// A foreign permanent resident's nationality.
    public let nationality: Country?
    /// The holder's date of birth.
    public let birthDate: CalendarDate?
    /// The holder's registered address.
    public let address: String?
    /// The holder's resident ID number; prints masked.
    public let idNumber: ResidentIDNumber?
    /// The authority that issued the card.
    public let issuingAuthority: String?
    /// The card's validity period.
    public let validity: ValidityPeriod?
    /// The holder's face template reference.
    public let portrait: PortraitTemplateReference?
    /// The level of assurance of the enrolment.
    public let assuranceLevel: AssuranceLevel?
    /// The nested claims (`validity`, `portrait`) the wallet disclosed only some members of:
    /// their typed field is nil, each disclosed member was checked, and its value is read with
    /// ``DisclosedClaims/decode(at:as:)`` (`validity.end`, say).
    public let partiallyDisclosed: [String]

    init(_ claims: DisclosedClaims) throws {
        typealias Key = VirtualIDCard.CodingKeys
        name = try claims.decode(Key.name.rawValue, as: PersonName.self)
        sex = try claims.decode(Key.sex.rawValue, as: Sex.self)
        ethnicity = try claims.decode(Key.ethnicity.rawValue, as: Ethnicity.self)
        nationality = try claims.decode(Key.nationality.rawValue, as: Country.self)
        birthDate = try claims.decode(Key.birthDate.rawValue, as: CalendarDate.self)
        address = try claims.decode(Key.address.rawValue, as: String.self)
        idNumber = try claims.decode(Key.idNumber.rawValue, as: ResidentIDNumber.self)
        issuingAuthority = try claims.decode(Key.issuingAuthority.rawValue, as: String.self)
        var partial: [String] = []
        validity = try claims.decodeNested(Key.validity.rawValue, as: ValidityPeriod.self, partial: &partial)
        portrait = try claims.decodeNested(Key.portrait.rawValue, as: PortraitTemplateReference.self, partial: &partial)
        partiallyDisclosed = partial
        assuranceLevel = try claims.decode(Key.assuranceLevel.rawValue, as: AssuranceLevel.self)
    }
}

/// The disclosed part of a ``SocialSecurityCard``: each field is nil unless disclosed.
public struct SocialSecurityCardClaims: Sendable {
    /// The social-security card number.
    public let cardNumber: SocialSecurityCardNumber?
    /// The social-security number, which is the resident ID number; prints masked.
    public let socialSecurityNumber: ResidentIDNumber?
    /// The cardholder's name.
    public let holderName: PersonName?
    /// The division whose bureau issued the card.
    public let issuingDivision: AdministrativeDivision?
    /// The date the card was issued.
    public let issueDate: CalendarDate?
    /// The card's status as the issuer signed it.
    public let status: SocialSecurityCard.Status?
    /// The bank holding the card's financial account.
    public let financialAccountBank: String?

    init(_ claims: DisclosedClaims) throws {
        typealias Key = SocialSecurityCard.CodingKeys
        cardNumber = try claims.decode(Key.cardNumber.rawValue, as: SocialSecurityCardNumber.self)
        socialSecurityNumber = try claims.decode(Key.socialSecurityNumber.rawValue, as: ResidentIDNumber.self)
        holderName = try claims.decode(Key.holderName.rawValue, as: PersonName.self)
        issuingDivision = try claims.decode(Key.issuingDivision.rawValue, as: AdministrativeDivision.self)
        issueDate = try claims.decode(Key.issueDate.rawValue, as: CalendarDate.self)
        status = try claims.decode(Key.status.rawValue, as: SocialSecurityCard.Status.self)
        financialAccountBank = try claims.decode(Key.financialAccountBank.rawValue, as: String.self)
    }
}
