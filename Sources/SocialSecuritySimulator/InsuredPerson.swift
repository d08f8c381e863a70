import IDCore
import SocialSecurity

/// A person a simulated platform insures: who they are, the cards they carry and their
/// insurance with its balances.
public struct InsuredPerson: Sendable, Hashable {
    /// The scheme the person is insured under, with what is left of it this year.
    public struct Insurance: Sendable, Hashable {
        /// The scheme.
        public let type: InsuranceType
        /// Whether it is in force.
        public var status: InsuranceStatus
        /// Since when.
        public let insuredSince: CalendarDate
        /// The personal account's balance (employees' insurance only).
        public var personalAccount: Yuan
        /// What the pooled fund has paid for the person this year.
        public var fundUsed: Yuan
        /// What it may pay in a year.
        public let fundLimit: Yuan
        /// The employer, for employees.
        public let employer: String?

        /// Creates an insurance record; the fund may pay 300,000 yuan a year unless told.
        public init(type: InsuranceType, status: InsuranceStatus = .active, insuredSince: CalendarDate, personalAccount: Yuan,
                    fundUsed: Yuan = .zero, fundLimit: Yuan, employer: String? = nil) {
            self.type = type
            self.status = status
            self.insuredSince = insuredSince
            self.personalAccount = personalAccount
            self.fundUsed = fundUsed
            self.fundLimit = fundLimit
            self.employer = employer
        }
    }

    /// `psn_no`: the platform's number for the person.
    public let personNumber: String
    /// The resident identity number.
    public let idNumber: ResidentIDNumber
    /// The name.
    public let name: PersonName
    /// The social-security card and its card identifier.
    public let card: (number: SocialSecurityCardNumber, identifier: String)?
    /// The person's insurance, one record per scheme.
    public var insurance: [Insurance]

    /// Creates a person.
    public init(personNumber: String, idNumber: ResidentIDNumber, name: PersonName, card: (number: SocialSecurityCardNumber, identifier: String)?,
                insurance: [Insurance]) {
        self.personNumber = personNumber
        self.idNumber = idNumber
        self.name = name
        self.card = card
        self.insurance = insurance
    }

    public static func == (lhs: InsuredPerson, rhs: InsuredPerson) -> Bool {
        lhs.personNumber == rhs.personNumber && lhs.idNumber == rhs.idNumber && lhs.name == rhs.name && lhs.card?.number == rhs.card?.number
            && lhs.card?.identifier == rhs.card?.identifier && lhs.insurance == rhs.insurance
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(personNumber)
        hasher.combine(insurance)
    }

    /// The position of the record of `type` in force, or `not-insured`.
    func activeInsurance(_ type: InsuranceType) throws -> Int {
        guard let index = insurance.firstIndex(where: { $0.type == type && $0.status == .active }) else {
            throw ConnectorError(.notInsured, "Person \(personNumber) is not insured under \(type) now.")
        }
        return index
    }
}
