import Foundation
import IDCore
import Testing

@Suite("Resident identity numbers (GB 11643-1999)")
struct ResidentIDNumberTests {
    let today: CalendarDate

    init() throws {
        today = try CalendarDate(iso8601: "2026-11-25")
    }

    @Test("Valid numbers of every province parse, with division, birth date, sex and age")
    func validNumbers() throws {
        for (index, province) in AdministrativeDivision.provinces.enumerated() {
            let division = province.children.first?.children.first?.code ?? province.code
            let sequence = 100 + index
            let text = IdentityNumbers.make(division: division, birth: "19850228", sequence: sequence)
            let number = try ResidentIDNumber(text, today: today)
            #expect(number.fullNumber == text)
            #expect(number.divisionCode == division)
            #expect(number.province == province)
            #expect(number.birthDate == (try CalendarDate(year: 1985, month: 2, day: 28)))
            #expect(number.sequenceCode == sequence)
            #expect(number.sex == (sequence % 2 == 1 ? .male : .female))
            #expect(number.age(on: today) == 41)
        }
    }

    @Test("Every check character, including X, is computed and accepted")
    func everyCheckCharacter() throws {
        var seen = Set<Character>()
        for sequence in 0..<400 where seen.count < 11 {
            let text = IdentityNumbers.make(sequence: sequence)
            seen.insert(text.last!)
            #expect(try ResidentIDNumber(text, today: today).fullNumber == text)
            #expect(ResidentIDNumber.checkCharacter(for: Array(text.prefix(17))) == text.last)
        }
        #expect(seen.count == 11)
    }

    @Test("A lower-case x is accepted and normalised")
    func lowerCaseX() throws {
        let text = try #require((0..<1000).lazy.map { IdentityNumbers.make(sequence: $0) }.first { $0.hasSuffix("X") })
        let number = try ResidentIDNumber(text.lowercased(), today: today)
        #expect(number.fullNumber == text)
    }

    @Test("A 15-digit number converts to 18 digits with the 19th century prefix and a check character")
    func legacyConversion() throws {
        let legacy = "440115" + "900307" + "123"
        let converted = try ResidentIDNumber(legacy, today: today)
        #expect(converted.fullNumber == IdentityNumbers.make(division: "440115", birth: "19900307", sequence: 123))
        #expect(converted.birthDate.year == 1990)
        #expect(converted.sex == .male)
        #expect(throws: IDCoreError(.identityNumberCharacter, "")) { try ResidentIDNumber("44011590030712X", today: today) }
        #expect(throws: IDCoreError(.identityNumberDate, "")) { try ResidentIDNumber("440115900230123", today: today) }
    }

    @Test("Age counts completed years, around birthdays and 29 February")
    func ages() throws {
        let leapling = try ResidentIDNumber(IdentityNumbers.make(birth: "20000229"), today: today)
        #expect(leapling.age(on: try CalendarDate(iso8601: "2026-02-28")) == 25)
        #expect(leapling.age(on: try CalendarDate(iso8601: "2026-03-01")) == 26)
        let number = try ResidentIDNumber(IdentityNumbers.make(birth: "19901125"), today: today)
        #expect(number.age(on: today) == 36)
        #expect(number.age(on: try CalendarDate(iso8601: "2026-11-24")) == 35)
    }

    @Test("Each kind of malformed number is refused with its own code and reason", arguments: [
        ("", IDCoreError.Code.identityNumberLength, "has 0"), ("4401151990030712", .identityNumberLength, "has 16"),
        ("4401151990030712345", .identityNumberLength, "has 19"), ("44011519900307123A", .identityNumberCheckCharacter, "digit or X"),
        ("4401151990030X123X", .identityNumberCharacter, "must all be digits"), ("44011519900307１２３X", .identityNumberCharacter, "must all be digits"),
        ("440115 19900307123", .identityNumberCharacter, "must all be digits"), ("44011519900230123X", .identityNumberDate, "not a real date"),
        ("44011518990307123X", .identityNumberDate, "before 1900"), ("99011519900307123X", .identityNumberDivision, "does not exist"),
    ])
    func malformed(text: String, code: IDCoreError.Code, reason: String) throws {
        // A final X stands for the check character the other 17 digits give, so that only the
        // flaw named is wrong.
        let first17 = text.prefix(17)
        let number = text.count == 18 && text.last == "X" && first17.allSatisfy({ $0.isASCII && $0.isNumber })
            ? String(first17) + String(ResidentIDNumber.checkCharacter(for: first17)) : text
        let error = try #require(throws: IDCoreError.self) { try ResidentIDNumber(number, today: today) }
        #expect(error.code == code, "\(error)")
        #expect(error.code.isIdentityNumberRefusal)
        #expect(error.reason.contains(reason), "\(error.reason)")
    }

    @Test("Birth dates that do not exist, precede 1900 or lie in the future are refused", arguments: [
        ("19900230", "not a real date"), ("19901301", "not a real date"), ("19000229", "not a real date"), ("18991231", "before 1900"),
        ("20261126", "after today"), ("20990101", "after today"), ("19900000", "not a real date"),
    ])
    func birthDates(birth: String, reason: String) throws {
        let error = try #require(throws: IDCoreError.self) { try ResidentIDNumber(IdentityNumbers.make(birth: birth), today: today) }
        #expect(error.reason.contains(reason), "\(error.reason)")
        #expect(try ResidentIDNumber(IdentityNumbers.make(birth: "20000229"), today: today).birthDate.day == 29)
        #expect(try ResidentIDNumber(IdentityNumbers.make(birth: "20261125"), today: today).age(on: today) == 0)
    }

    @Test("A wrong check character has its own code and names the expected one")
    func wrongCheck() throws {
        for sequence in [1, 2, 3, 50, 77] {
            let (number, expected) = IdentityNumbers.withWrongCheck(IdentityNumbers.make(sequence: sequence))
            let error = try #require(throws: IDCoreError.self) { try ResidentIDNumber(number, today: today) }
            #expect(error.code == .identityNumberCheckCharacter && error.reason.contains("must be '\(expected)'"), "\(error)")
        }
    }

    @Test("The documentation's example number parses as documented")
    func documentedExample() throws {
        let number = try ResidentIDNumber("44011519900307149X")
        #expect("\(number)" == "440115********149X")
        #expect(number.sex == .male)
        #expect(number.age(on: try CalendarDate(iso8601: "2026-11-25")) == 36)
    }

    @Test("Codable decoding checks the birth date against the decoder's reference date when it has one")
    func decodingReferenceDate() throws {
        let json = Data("[\"\(IdentityNumbers.make(birth: "20261120"))\"]".utf8)
        let decoder = JSONDecoder()
        decoder.userInfo[.referenceDate] = try CalendarDate(iso8601: "2026-11-01")
        let error = try #require(throws: IDCoreError.self) { try decoder.decode([ResidentIDNumber].self, from: json) }
        #expect(error.code == .identityNumberDate && error.reason.contains("after today (2026-11-01)"), "\(error)")
        decoder.userInfo[.referenceDate] = try CalendarDate(iso8601: "2026-11-20")
        #expect(try decoder.decode([ResidentIDNumber].self, from: json).first?.birthDate == CalendarDate(iso8601: "2026-11-20"))
    }

    @Test("An unknown province is refused", arguments: ["000000", "200101", "720101", "890101"])
    func unknownProvince(division: String) throws {
        let error = try #require(throws: IDCoreError.self) { try ResidentIDNumber(IdentityNumbers.make(division: division), today: today) }
        #expect(error.reason.contains("Province code \(division.prefix(2))"))
    }

    @Test("A number whose county code was abolished still parses, with no current county, and tells it from a code that never existed")
    func abolishedCounty() throws {
        let dongshan = try ResidentIDNumber(IdentityNumbers.make(division: "440102"), today: today)
        #expect(dongshan.division == nil)
        #expect(dongshan.province.code == "440000")
        guard case .abolished(let records) = dongshan.divisionStatus else { Issue.record("\(dongshan.divisionStatus)"); return }
        #expect(records.map(\.chineseName) == ["东山区"] && records.first?.successorCodes == ["440104"])
        let madeUp = try ResidentIDNumber(IdentityNumbers.make(division: "440199"), today: today)
        #expect(madeUp.division == nil && madeUp.divisionStatus == .neverExisted)
        let nansha = try ResidentIDNumber(IdentityNumbers.make(division: "440115"), today: today)
        let division = try AdministrativeDivision(code: "440115")
        #expect(nansha.division?.chineseName == "南沙区" && nansha.divisionStatus == .current(division))
    }

    @Test("Every printing path shows the number masked; Codable keeps it whole")
    func masking() throws {
        let text = IdentityNumbers.make()
        let number = try ResidentIDNumber(text, today: today)
        let masked = "440115********" + text.suffix(4)
        var dumped = ""
        dump(number, to: &dumped)
        var printed = ""
        print(number, to: &printed)
        let paths = [number.description, number.debugDescription, "\(number)", String(describing: number), String(reflecting: number),
                     [number].description, Optional(number).debugDescription, dumped, printed]
        for path in paths {
            #expect(path.contains(masked), "\(path)")
            #expect(!path.contains(text), "\(path)")
        }
        #expect(number.withMasking(IdentityMasking(visiblePrefix: 3, visibleSuffix: 1)).description == "440**************" + text.suffix(1))
        #expect(number.withMasking(.hidden).description == String(repeating: "*", count: 18))
        #expect(number.withMasking(.hidden) == number)
        let encoded = try JSONEncoder().encode([number])
        #expect(String(decoding: encoded, as: UTF8.self) == "[\"\(text)\"]")
        #expect(try JSONDecoder().decode([ResidentIDNumber].self, from: encoded) == [number])
    }

    @Test("Decoding a bad number gives the typed error")
    func decodingBadNumber() throws {
        let json = Data("[\"\(IdentityNumbers.withWrongCheck(IdentityNumbers.make()).number)\"]".utf8)
        #expect(throws: IDCoreError(.identityNumberCheckCharacter, "")) { try JSONDecoder().decode([ResidentIDNumber].self, from: json) }
    }
}
