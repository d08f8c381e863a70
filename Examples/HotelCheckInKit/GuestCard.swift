import FaceMatch
import Foundation
import IDCore

/// The sample guest's virtual ID card, and the edit an attacker makes to a presentation.
enum GuestCard {
    static func make(name: String, portrait: FaceTemplate) throws -> VirtualIDCard {
        let first17 = "44011519900307124"
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        let check = Array("10X98765432")[zip(first17.compactMap(\.wholeNumberValue), weights).map(*).reduce(0, +) % 11]
        let number = try ResidentIDNumber(first17 + String(check))
        return try VirtualIDCard(
            name: PersonName(name), sex: number.sex, ethnicity: .han, birthDate: number.birthDate,
            address: "广东省广州市南沙区进港大道 88 号", idNumber: number, issuingAuthority: "广州市公安局南沙分局",
            validity: ValidityPeriod(start: CalendarDate(iso8601: "2018-04-01"), end: CalendarDate(iso8601: "2038-04-01")),
            portrait: PortraitTemplateReference(modelID: portrait.modelID, template: Data(portrait.serialized)), assuranceLevel: .high
        )
    }

    /// Replaces the name disclosure with one the attacker wrote: same shape, other name.
    static func editName(in presentation: String) -> String {
        var parts = presentation.split(separator: "~", omittingEmptySubsequences: false).map(String.init)
        for index in parts.indices.dropFirst().dropLast() {
            guard let decoded = Data(base64URLEncoded: parts[index]), let text = String(data: decoded, encoding: .utf8), text.contains("\"name\"") else { continue }
            parts[index] = Data(text.replacingOccurrences(of: "李娜", with: "李四").utf8).base64URLEncodedString()
        }
        return parts.joined(separator: "~")
    }
}
