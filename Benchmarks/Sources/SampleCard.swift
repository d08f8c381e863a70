import Foundation
import IDCore

/// The 10-claim virtual ID card the credential benchmark issues.
enum SampleCard {
    static func make() throws -> VirtualIDCard {
        let first17 = "44011519900307124"
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        let check = Array("10X98765432")[zip(first17.compactMap(\.wholeNumberValue), weights).map(*).reduce(0, +) % 11]
        let number = try ResidentIDNumber(first17 + String(check))
        return try VirtualIDCard(
            name: PersonName("李娜"), sex: number.sex, ethnicity: .han, birthDate: number.birthDate,
            address: "广东省广州市南沙区进港大道 88 号", idNumber: number, issuingAuthority: "广州市公安局南沙分局",
            validity: ValidityPeriod(start: CalendarDate(iso8601: "2018-04-01"), end: CalendarDate(iso8601: "2038-04-01")),
            portrait: PortraitTemplateReference(modelID: "arcface-r100-v1", template: Data(count: 1040)), assuranceLevel: .high
        )
    }
}
