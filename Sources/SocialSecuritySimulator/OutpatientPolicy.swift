import SocialSecurity

/// How a simulated platform splits an outpatient bill: the pooled fund pays a scheme's rate of
/// the part within the policy's scope, up to what is left of its yearly limit; the personal
/// account (employees only, when the patient agrees) pays what it can of the rest; the patient
/// pays the remainder in cash. Shares are rounded half up to the fen.
public struct OutpatientPolicy: Sendable {
    /// The pooled fund's rate by scheme.
    public let pooledFundRates: [InsuranceType: Proportion]
    /// The fund each scheme's pooled share is paid from.
    public let pooledFunds: [InsuranceType: FundPaymentType]
    /// The schemes with a personal account.
    public let personalAccountSchemes: Set<InsuranceType>

    /// Creates a policy.
    public init(pooledFundRates: [InsuranceType: Proportion], pooledFunds: [InsuranceType: FundPaymentType], personalAccountSchemes: Set<InsuranceType>) {
        self.pooledFundRates = pooledFundRates
        self.pooledFunds = pooledFunds
        self.personalAccountSchemes = personalAccountSchemes
    }

    /// Employees 70 % with a personal account, residents 50 % without.
    public static let standard = OutpatientPolicy(
        pooledFundRates: [.employeeBasic: Proportion(uncheckedScaledValue: 7000), .residentBasic: Proportion(uncheckedScaledValue: 5000)],
        pooledFunds: [.employeeBasic: .employeePooledFund, .residentBasic: .residentFund],
        personalAccountSchemes: [.employeeBasic]
    )

    func rate(for scheme: InsuranceType) throws -> Proportion {
        guard let rate = pooledFundRates[scheme] else { throw ConnectorError(.notInsured, "This platform settles no outpatient bills under \(scheme).") }
        return rate
    }
}
