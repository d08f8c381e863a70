import Foundation
import IDCore

/// Cards built the way an issuer would, for the identity-data and credential tests.
enum SampleCards {
    static let today = CalendarDate.today(now: Date(timeIntervalSince1970: 1_795_000_000))

    static func virtualIDCard(
        name: String = "李娜", birth: String = "19900307", sequence: Int = 124, ethnicity: String = "01",
        validity: ValidityPeriod? = nil
    ) throws -> VirtualIDCard {
        let number = try ResidentIDNumber(IdentityNumbers.make(division: "440115", birth: birth, sequence: sequence), today: today)
        return try VirtualIDCard(
            name: PersonName(name), sex: number.sex, ethnicity: Ethnicity(code: ethnicity), birthDate: number.birthDate,
            address: "广东省广州市南沙区进港大道 88 号", idNumber: number, issuingAuthority: "广州市公安局南沙分局",
            validity: validity ?? ValidityPeriod(start: CalendarDate(iso8601: "2018-04-01"), end: CalendarDate(iso8601: "2038-04-01")),
            portrait: PortraitTemplateReference(modelID: "arcface-r100-v1", template: Data((0..<1040).map { UInt8($0 % 251) })),
            assuranceLevel: .high
        )
    }

    /// A foreign permanent resident's card: a Korean national accepted in Shanghai, with the
    /// name in Latin script.
    static func permanentResidentCard(name: String = "KIM, MIN-JUN") throws -> VirtualIDCard {
        let number = try ResidentIDNumber(IdentityNumbers.make(division: "931410", birth: "19850611", sequence: 17), today: today)
        return try VirtualIDCard(
            name: PersonName(name), sex: number.sex, ethnicity: nil, nationality: Country(code: "410"), birthDate: number.birthDate,
            address: "上海市浦东新区世纪大道 100 号", idNumber: number, issuingAuthority: "国家移民管理局",
            validity: ValidityPeriod(start: CalendarDate(iso8601: "2024-01-10"), end: CalendarDate(iso8601: "2034-01-09")),
            portrait: PortraitTemplateReference(modelID: "arcface-r100-v1", template: Data((0..<1040).map { UInt8($0 % 241) })),
            assuranceLevel: .high
        )
    }

    static func socialSecurityCard(status: SocialSecurityCard.Status = .active) throws -> SocialSecurityCard {
        let number = try ResidentIDNumber(IdentityNumbers.make(division: "440305", birth: "19760512", sequence: 31), today: today)
        return try SocialSecurityCard(
            cardNumber: SocialSecurityCardNumber("M12345678"), socialSecurityNumber: number, holderName: PersonName("王建国"),
            issuingDivision: AdministrativeDivision(code: "4403"), issueDate: CalendarDate(iso8601: "2019-09-01"),
            status: status, financialAccountBank: "中国建设银行"
        )
    }
}
