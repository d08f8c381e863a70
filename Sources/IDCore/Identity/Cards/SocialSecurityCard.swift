import Foundation

/// The data of an electronic social-security card (社会保障卡), as a provincial
/// human-resources-and-social-security bureau issues it.
///
/// Validated on construction and decoding. JSON field names, stable and used as claim names:
/// `card_number`, `social_security_number`, `holder_name`, `issuing_division`, `issue_date`,
/// `card_status` (`active`, `suspended`, `reported_lost`, `cancelled`; not `status`, which
/// SD-JWT VC reserves for the revocation reference) and, when a bank account is bound,
/// `financial_account_bank`.
public struct SocialSecurityCard: Sendable, Hashable, PersonalDataDocument {
    /// The state of a card.
    public enum Status: String, Sendable, Hashable, Codable, CaseIterable {
        /// In use.
        case active
        /// Temporarily blocked by the bureau.
        case suspended
        /// Reported lost by the holder; a replacement may be issued.
        case reportedLost = "reported_lost"
        /// Permanently withdrawn.
        case cancelled
    }

    /// The card number; prints masked.
    public let cardNumber: SocialSecurityCardNumber
    /// The social-security number: by national rule the holder's identity number.
    public let socialSecurityNumber: ResidentIDNumber
    /// The cardholder's name.
    public let holderName: PersonName
    /// The division whose bureau issued the card; it routes the card's transactions.
    public let issuingDivision: AdministrativeDivision
    /// The date the card was issued; not before the holder's birth.
    public let issueDate: CalendarDate
    /// The card's status.
    public let status: Status
    /// The bank holding the card's financial account, if one is bound.
    public let financialAccountBank: String?

    /// The JSON field names, which are also the credential claim names.
    public enum CodingKeys: String, CodingKey, CaseIterable {
        /// `card_number`
        case cardNumber = "card_number"
        /// `social_security_number`
        case socialSecurityNumber = "social_security_number"
        /// `holder_name`
        case holderName = "holder_name"
        /// `issuing_division`
        case issuingDivision = "issuing_division"
        /// `issue_date`
        case issueDate = "issue_date"
        /// `card_status`
        case status = "card_status"
        /// `financial_account_bank`
        case financialAccountBank = "financial_account_bank"
    }

    /// Creates a card; throws `IDCoreError` when the card predates the holder's birth or a text is invalid.
    public init(
        cardNumber: SocialSecurityCardNumber, socialSecurityNumber: ResidentIDNumber, holderName: PersonName,
        issuingDivision: AdministrativeDivision, issueDate: CalendarDate, status: Status, financialAccountBank: String? = nil
    ) throws {
        guard issueDate >= socialSecurityNumber.birthDate else {
            throw IDCoreError(.invalidPersonalData, "The card was issued (\(issueDate)) before the holder was born.")
        }
        self.cardNumber = cardNumber
        self.socialSecurityNumber = socialSecurityNumber
        self.holderName = holderName
        self.issuingDivision = issuingDivision
        self.issueDate = issueDate
        self.status = status
        self.financialAccountBank = try financialAccountBank.map {
            try PersonalDataText.validated($0, field: "financial account bank", maximumLength: 64)
        }
    }

    /// Decodes a card, validating it like the memberwise initialiser.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(
            cardNumber: container.decode(SocialSecurityCardNumber.self, forKey: .cardNumber),
            socialSecurityNumber: container.decode(ResidentIDNumber.self, forKey: .socialSecurityNumber),
            holderName: container.decode(PersonName.self, forKey: .holderName),
            issuingDivision: container.decode(AdministrativeDivision.self, forKey: .issuingDivision),
            issueDate: container.decode(CalendarDate.self, forKey: .issueDate),
            status: container.decode(Status.self, forKey: .status),
            financialAccountBank: container.decodeIfPresent(String.self, forKey: .financialAccountBank)
        )
    }
}

/// A social-security card number: 6 to 20 upper-case letters and digits (provinces differ; the
/// national card uses nine). Prints masked, first character and last two visible.
public struct SocialSecurityCardNumber: Sendable, Hashable, Codable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The whole number; never log it.
    public let fullNumber: String

    /// The masking used by `description`.
    public static let masking = IdentityMasking(visiblePrefix: 1, visibleSuffix: 2)

    /// Validates a card number; letters are upper-cased.
    public init(_ text: String) throws {
        let normalised = text.uppercased()
        guard (6...20).contains(normalised.count),
              normalised.unicodeScalars.allSatisfy({ ("A"..."Z").contains($0) || ("0"..."9").contains($0) })
        else {
            throw IDCoreError(.invalidPersonalData, "A social-security card number is 6 to 20 letters and digits.")
        }
        fullNumber = normalised
    }

    /// The number masked, first character and last two visible.
    public var description: String { Self.masking.apply(to: fullNumber) }

    /// The type and the masked number.
    public var debugDescription: String { "SocialSecurityCardNumber(\(description))" }

    /// A mirror showing only the masked number, so `dump` does not reveal it.
    public var customMirror: Mirror { Mirror(self, children: ["masked": description], displayStyle: .struct) }

    /// Decodes the full number, validating it.
    public init(from decoder: any Decoder) throws {
        try self.init(decoder.singleValueContainer().decode(String.self))
    }

    /// Encodes the full number; the JSON carries it unmasked.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(fullNumber)
    }
}
