import Foundation
import IDCore
import Testing

@Suite("Virtual ID and social-security card models")
struct CardModelTests {
    @Test("A virtual ID card round-trips through JSON with the documented claim names")
    func virtualIDCardJSON() throws {
        let card = try SampleCards.virtualIDCard()
        let json = try card.jsonData()
        let object = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
        #expect(Set(object.keys) == ["name", "sex", "ethnicity", "birth_date", "address", "id_number", "issuing_authority", "validity", "portrait", "assurance_level"])
        #expect(object["id_number"] as? String == card.idNumber.fullNumber)
        #expect(object["ethnicity"] as? String == "01")
        #expect(object["birth_date"] as? String == "1990-03-07")
        #expect(try VirtualIDCard(jsonData: json) == card)
        #expect(try JSONDecoder().decode(VirtualIDCard.self, from: json) == card)
    }

    @Test("Long-term validity encodes as long-term")
    func longTerm() throws {
        let card = try SampleCards.virtualIDCard(birth: "19600101", sequence: 11, validity: .longTerm(from: CalendarDate(iso8601: "2012-06-01")))
        let json = String(decoding: try card.jsonData(), as: UTF8.self)
        #expect(json.contains("\"end\":\"long-term\""))
        let decoded = try VirtualIDCard(jsonData: Data(json.utf8))
        #expect(decoded.validity.isLongTerm)
        #expect(decoded.validity.contains(try CalendarDate(iso8601: "2090-01-01")))
    }

    @Test("A card that disagrees with its own identity number is refused")
    func inconsistentCard() throws {
        let card = try SampleCards.virtualIDCard()
        #expect(throws: IDCoreError(.invalidPersonalData, "")) {
            try VirtualIDCard(name: card.name, sex: .male, ethnicity: card.ethnicity, birthDate: card.birthDate, address: card.address,
                              idNumber: card.idNumber, issuingAuthority: card.issuingAuthority, validity: card.validity,
                              portrait: card.portrait, assuranceLevel: card.assuranceLevel)
        }
        #expect(throws: IDCoreError(.invalidPersonalData, "")) {
            try VirtualIDCard(name: card.name, sex: card.sex, ethnicity: card.ethnicity, birthDate: CalendarDate(iso8601: "1990-03-08"),
                              address: card.address, idNumber: card.idNumber, issuingAuthority: card.issuingAuthority,
                              validity: card.validity, portrait: card.portrait, assuranceLevel: card.assuranceLevel)
        }
    }

    @Test("Free text is trimmed of Unicode white space at its ends; control characters (Cc) are refused")
    func freeText() throws {
        let card = try SampleCards.virtualIDCard()
        func withAddress(_ address: String) throws -> VirtualIDCard {
            try VirtualIDCard(name: card.name, sex: card.sex, ethnicity: card.ethnicity, birthDate: card.birthDate, address: address,
                              idNumber: card.idNumber, issuingAuthority: card.issuingAuthority, validity: card.validity,
                              portrait: card.portrait, assuranceLevel: card.assuranceLevel)
        }
        #expect(try withAddress("\u{3000} 广州市 南沙区\t\n").address == "广州市 南沙区")
        #expect(try withAddress("广州市\u{00A0}南沙区\u{200B}").address == "广州市\u{00A0}南沙区\u{200B}")
        for refused in ["", " \u{3000}\n", "广州\u{0085}市", "广州\u{007F}", "广州\u{0001}市", String(repeating: "广", count: 200)] {
            #expect(throws: IDCoreError(.invalidPersonalData, ""), "\(refused.unicodeScalars.map(\.value))") { try withAddress(refused) }
        }
        #expect(try PersonName(" \u{3000}李娜\n").value == "李娜")
    }

    @Test("Bad JSON gives the typed error, naming what is wrong", arguments: [
        ("not json", "could not be read"),
        ("{}", "lacks"),
        ("{\"name\": 5}", "wrong or null"),
    ])
    func badJSON(text: String, reason: String) throws {
        let error = try #require(throws: IDCoreError.self) { try VirtualIDCard(jsonData: Data(text.utf8)) }
        #expect(error.code == .invalidPersonalData)
        #expect(error.reason.contains(reason), "\(error.reason)")
    }

    @Test("Invalid field values inside otherwise good JSON give their own typed errors", arguments: [
        ("id_number", "\"44011519900307124\"", IDCoreError.Code.identityNumberLength),
        ("ethnicity", "\"57\"", .invalidPersonalData),
        ("birth_date", "\"1990-02-30\"", .invalidDate),
        ("name", "\"Li Na\"", .invalidPersonalData),
        ("sex", "\"other\"", .invalidPersonalData),
        ("address", "\"\"", .invalidPersonalData),
        ("assurance_level", "\"medium\"", .invalidPersonalData),
    ])
    func invalidFields(field: String, value: String, code: IDCoreError.Code) throws {
        var object = try #require(try JSONSerialization.jsonObject(with: SampleCards.virtualIDCard().jsonData()) as? [String: Any])
        object[field] = try JSONSerialization.jsonObject(with: Data(value.utf8), options: .fragmentsAllowed)
        let json = try JSONSerialization.data(withJSONObject: object)
        let error = try #require(throws: IDCoreError.self) { try VirtualIDCard(jsonData: json) }
        #expect(error.code == code, "\(error)")
    }

    @Test("Printing a card never shows the whole identity number or the template bytes")
    func cardPrinting() throws {
        let card = try SampleCards.virtualIDCard()
        var dumped = ""
        dump(card, to: &dumped)
        for text in [dumped, "\(card)", String(reflecting: card)] {
            #expect(!text.contains(card.idNumber.fullNumber))
            #expect(text.contains(card.idNumber.description))
            #expect(!text.contains(card.portrait.template.base64URLEncodedString().prefix(12)))
            #expect(!text.contains("251"))
        }
    }

    @Test("Names: Han characters and minority names with the middle dot, look-alike dots normalised")
    func names() throws {
        #expect(try PersonName("  张伟 ").value == "张伟")
        #expect(try PersonName("买买提・艾力").value == "买买提·艾力")
        #expect(try PersonName("阿依古丽·买买提").parts == ["阿依古丽", "买买提"])
        #expect(try PersonName("𠮷野").value == "𠮷野")
        #expect(try PersonName("Zhang Wei").script == .latin)
        for bad in ["", "Zhang 伟", "张 伟", "·张伟", "张伟·", "张··伟", "张3", String(repeating: "张", count: 65)] {
            #expect(throws: IDCoreError(.invalidPersonalData, "")) { try PersonName(bad) }
        }
    }

    @Test("Ethnicity codes of GB/T 3304")
    func ethnicities() throws {
        #expect(Ethnicity.all.count == 58)
        #expect(Set(Ethnicity.all.map(\.code)).count == 58)
        #expect(try Ethnicity(code: "08").chineseName == "壮族")
        #expect(try Ethnicity(chineseName: "维吾尔").code == "05")
        #expect(try Ethnicity(code: "56").romanizedName == "Jino")
        #expect(throws: IDCoreError(.invalidPersonalData, "")) { try Ethnicity(code: "57") }
    }

    @Test("Calendar dates exist or are refused")
    func calendarDates() throws {
        #expect(try CalendarDate(iso8601: "2024-02-29").description == "2024-02-29")
        for bad in ["2023-02-29", "1900-02-29", "2024-04-31", "2024-1-01", "20240101", "2024-01-01T00:00", "+024-01-01", "0000-01-01", "2024_01-01", "2024-01-0１", "2024-13-01", ""] {
            #expect(throws: IDCoreError(.invalidDate, "")) { try CalendarDate(iso8601: bad) }
        }
        #expect(try CalendarDate(iso8601: "2000-02-29").adding(years: 1).description == "2001-02-28")
        let midnightInBeijing = Date(timeIntervalSince1970: 1_795_622_400)  // 2026-11-25T16:00:00Z
        #expect(CalendarDate.today(now: midnightInBeijing).description == "2026-11-26")
        #expect(CalendarDate.today(now: midnightInBeijing, in: TimeZone(secondsFromGMT: 0)!).description == "2026-11-25")
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 0)!
        for day in stride(from: -100_000, through: 2_900_000, by: 997) {
            let date = Date(timeIntervalSince1970: Double(day) * 86400 + 43200)
            let parts = calendar.dateComponents([.year, .month, .day], from: date)
            let expected = String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!)
            #expect(CalendarDate.today(now: date, in: calendar.timeZone).description == expected)
        }
    }

    @Test("A social-security card round-trips through JSON with the documented field names")
    func socialSecurityCardJSON() throws {
        let card = try SampleCards.socialSecurityCard(status: .reportedLost)
        let json = try card.jsonData()
        let object = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
        #expect(Set(object.keys) == ["card_number", "social_security_number", "holder_name", "issuing_division", "issue_date", "card_status", "financial_account_bank"])
        #expect(object["card_status"] as? String == "reported_lost")
        #expect(object["issuing_division"] as? String == "440300")
        #expect(try SocialSecurityCard(jsonData: json) == card)
        #expect(card.cardNumber.description == "M******78")
        #expect(!"\(card)".contains("M12345678"))
    }

    @Test("A social-security card issued before its holder's birth, or with a bad number, is refused")
    func badSocialSecurityCard() throws {
        let card = try SampleCards.socialSecurityCard()
        #expect(throws: IDCoreError(.invalidPersonalData, "")) {
            try SocialSecurityCard(cardNumber: card.cardNumber, socialSecurityNumber: card.socialSecurityNumber, holderName: card.holderName,
                                   issuingDivision: card.issuingDivision, issueDate: CalendarDate(iso8601: "1970-01-01"), status: .active)
        }
        #expect(throws: IDCoreError(.invalidPersonalData, "")) { try SocialSecurityCardNumber("M1234-5678") }
        var object = try #require(try JSONSerialization.jsonObject(with: card.jsonData()) as? [String: Any])
        object["issuing_division"] = "449999"
        #expect(throws: IDCoreError(.unknownDivision, "")) { try SocialSecurityCard(jsonData: JSONSerialization.data(withJSONObject: object)) }
    }
}
