import IDCore

// The bodies of the eligibility and balances check (Documentation/ConnectorProtocol.md §8).
// Amounts are integer fen; member names are the protocol's snake_case names, and each message maps
// itself to them by hand (`ConnectorMessage`).

/// Asks whether a person is insured on a service date (`eligibility.check`).
public struct EligibilityRequest: Sendable, Hashable, Codable, ConnectorMessage {
    /// The person's resident ID number.
    public let idNumber: ResidentIDNumber
    /// The date of the intended service.
    public let serviceDate: CalendarDate

    /// Creates an eligibility request.
    public init(idNumber: ResidentIDNumber, serviceDate: CalendarDate) {
        self.idNumber = idNumber
        self.serviceDate = serviceDate
    }

    package init(json: JSONObjectReader) throws {
        try self.init(idNumber: json.value("id_number"), serviceDate: json.value("service_date"))
    }

    package var json: JSONValue { .object(["id_number": JSONValue(idNumber), "service_date": JSONValue(serviceDate)]) }
}

/// A person's insurance standing on the requested date.
public struct EligibilityResponse: Sendable, Hashable, Codable, ConnectorMessage {
    /// The insurance scheme: employee or urban-rural resident.
    public enum InsuranceType: String, Sendable, Hashable, Codable {
        /// Basic medical insurance for employees, with a personal account.
        case employee
        /// Basic medical insurance for urban and rural residents.
        case resident
    }

    /// Whether the person is insured on the service date.
    public let insured: Bool
    /// The scheme the person is insured under.
    public let insuranceType: InsuranceType
    /// The personal account balance, in fen.
    public let personalAccountFen: Int64
    /// How much of this year's fund limit is used, in fen.
    public let annualFundUsedFen: Int64
    /// This year's fund limit, in fen.
    public let annualFundLimitFen: Int64

    /// Creates an eligibility answer.
    public init(insured: Bool, insuranceType: InsuranceType, personalAccountFen: Int64, annualFundUsedFen: Int64, annualFundLimitFen: Int64) {
        self.insured = insured
        self.insuranceType = insuranceType
        self.personalAccountFen = personalAccountFen
        self.annualFundUsedFen = annualFundUsedFen
        self.annualFundLimitFen = annualFundLimitFen
    }

    package init(json: JSONObjectReader) throws {
        try self.init(insured: json.bool("insured"), insuranceType: json.value("insurance_type"), personalAccountFen: json.integer("personal_account_fen"),
                      annualFundUsedFen: json.integer("annual_fund_used_fen"), annualFundLimitFen: json.integer("annual_fund_limit_fen"))
    }

    package var json: JSONValue {
        .object(["insured": .bool(insured), "insurance_type": .string(insuranceType.rawValue), "personal_account_fen": .integer(personalAccountFen),
                 "annual_fund_used_fen": .integer(annualFundUsedFen), "annual_fund_limit_fen": .integer(annualFundLimitFen)])
    }
}
