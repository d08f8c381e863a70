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

    public let cardNumber: SocialSecurityCardNumber
    /// The social-security number: by national rule the holder's identity number.
    public let socialSecurityNumber: ResidentIDNumber
    public let holderName: PersonName
    /// The division whose bureau issued the card; it routes the card's transactions.
    public let issuingDivision: AdministrativeDivision
    public let issueDate: CalendarDate
    public let status: Status
    /// The bank holding the card's financial account, if one is bound.
    public let financialAccountBank: String?

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case cardNumber = "card_number"
        case socialSecurityNumber = "social_security_number"
        case holderName = "holder_name"
        case issuingDivision = "issuing_division"
        case issueDate = "issue_date"
        case status = "card_status"
        case financialAccountBank = "financial_account_bank"
    }

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

    public init(_ text: String) throws {
        let normalised = text.uppercased()
        guard (6...20).contains(normalised.count),
              normalised.unicodeScalars.allSatisfy({ ("A"..."Z").contains($0) || ("0"..."9").contains($0) })
        else {
            throw IDCoreError(.invalidPersonalData, "A social-security card number is 6 to 20 letters and digits.")
        }
        fullNumber = normalised
    }

    public var description: String { Self.masking.apply(to: fullNumber) }

    public var debugDescription: String { "SocialSecurityCardNumber(\(description))" }

    public var customMirror: Mirror { Mirror(self, children: ["masked": description], displayStyle: .struct) }

    public init(from decoder: any Decoder) throws {
        try self.init(decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(fullNumber)
    }
}
