import IDCore
import SocialSecurity
import SocialSecuritySimulator

/// The example's areas and patients, with check characters computed as GB 11643 specifies:
///
/// - 王建国, born in Chengdu (his identity number begins 510107) and working in Shenzhen, where he
///   is insured;
/// - 刘芳, insured in Chengdu, treated in Shenzhen while travelling;
/// - 陈海, insured in Haikou, whose platform this example does not connect.
public struct ExamplePatients: Sendable {
    /// Shenzhen's medical-insurance area, where the hospital is.
    public let shenzhen: InsuranceArea
    /// Chengdu's.
    public let chengdu: InsuranceArea
    /// Haikou's.
    public let haikou: InsuranceArea
    /// 王建国.
    public let wang: InsuredPerson
    /// 刘芳.
    public let liu: InsuredPerson
    /// 陈海's identity number.
    public let chen: ResidentIDNumber

    /// The example's people.
    public init() throws {
        shenzhen = try InsuranceArea("440300")
        chengdu = try InsuranceArea("510100")
        haikou = try InsuranceArea("460100")
        wang = try Self.person("P440300000001", Self.number("510107", "19760512", 31), "王建国", card: "M12345678", balance: "1200.00",
                               employer: "深圳市南山区某科技有限公司")
        liu = try Self.person("P510100000007", Self.number("510104", "19880101", 42), "刘芳", card: "C87654321", balance: "500.00", employer: "成都市某设计院")
        chen = try Self.number("460105", "19950615", 11)
    }

    private static func number(_ division: String, _ birth: String, _ sequence: Int) throws -> ResidentIDNumber {
        let body = division + birth + String(sequence, zeroPaddedTo: 3)
        return try ResidentIDNumber(body + String(ResidentIDNumber.checkCharacter(for: Array(body))))
    }

    private static func person(_ personNumber: String, _ idNumber: ResidentIDNumber, _ name: String, card: String, balance: String,
                               employer: String) throws -> InsuredPerson {
        try InsuredPerson(personNumber: personNumber, idNumber: idNumber, name: PersonName(name), card: (SocialSecurityCardNumber(card), "\(card)SN"),
                          insurance: [.init(type: .employeeBasic, insuredSince: CalendarDate(year: 2010, month: 7, day: 1), personalAccount: Yuan(balance),
                                            fundLimit: Yuan("300000.00"), employer: employer)])
    }
}
