import Foundation
@testable import IDCore
import Testing

@Suite("Every guest a hotel registers: residence permits, foreigners' permanent residence cards, Latin-script names")
struct GuestIdentityTests {
    let today = SampleCards.today

    @Test("Residence permit numbers of Hong Kong, Macao and Taiwan residents parse, with their region", arguments: [
        ("810000", ResidentIDNumber.ResidencePermitRegion.hongKong, "810000"), ("820000", .macao, "820000"), ("830000", .taiwan, "710000"),
    ])
    func residencePermits(division: String, region: ResidentIDNumber.ResidencePermitRegion, province: String) throws {
        let text = IdentityNumbers.make(division: division, birth: "19920815", sequence: 21)
        let number = try ResidentIDNumber(text, today: today)
        #expect(number.kind == .residencePermit(region))
        #expect(number.province.code == province)
        let birthDate = try CalendarDate(iso8601: "1992-08-15")
        #expect(number.sex == .male && number.birthDate == birthDate)
        #expect("\(number)" == division + "********" + text.suffix(4))
        #expect(number.divisionStatus == .current(number.province))
    }

    @Test("A residence permit number must start with the region's whole code; the check character still counts", arguments: ["810100", "820101", "830101", "831000"])
    func malformedResidencePermits(division: String) throws {
        let error = try #require(throws: IDCoreError.self) { try ResidentIDNumber(IdentityNumbers.make(division: division), today: today) }
        #expect(error.code == .identityNumberDivision && error.reason.contains("residence permit"), "\(error)")
        let wrongCheck = IdentityNumbers.withWrongCheck(IdentityNumbers.make(division: "810000")).number
        #expect(throws: IDCoreError(.identityNumberCheckCharacter, "")) { try ResidentIDNumber(wrongCheck, today: today) }
    }

    @Test("A foreigner's permanent residence number (2023) gives the accepting province and the nationality")
    func permanentResidence() throws {
        let text = IdentityNumbers.make(division: "931840", birth: "19780102", sequence: 40)
        let number = try ResidentIDNumber(text, today: today)
        let america = try Country(alpha3: "USA")
        #expect(number.kind == .foreignPermanentResident(nationality: america))
        #expect(number.province.chineseName == "上海市")
        #expect(number.sex == .female && number.age(on: today) == 48)
        #expect(number.division == nil)
        #expect("\(number)" == "931840********" + text.suffix(4) && !"\(number)".contains("19780102"))
        #expect(try JSONDecoder().decode([ResidentIDNumber].self, from: JSONEncoder().encode([number])) == [number])
    }

    @Test("A permanent residence number with an unknown province or nationality is refused with the division code", arguments: [
        ("900840", "accepting province"), ("972840", "accepting province"), ("931000", "nationality code 000"), ("931999", "nationality code 999"), ("931156", "cannot be China"),
    ])
    func malformedPermanentResidence(division: String, reason: String) throws {
        let error = try #require(throws: IDCoreError.self) { try ResidentIDNumber(IdentityNumbers.make(division: division), today: today) }
        #expect(error.code == .identityNumberDivision && error.reason.contains(reason), "\(error)")
    }

    @Test("A 15-digit number is always a citizen's")
    func legacyNumbersAreCitizens() throws {
        #expect(throws: IDCoreError(.identityNumberDivision, "")) { try ResidentIDNumber("931840780102040", today: today) }
        #expect(try ResidentIDNumber("440115900307123", today: today).kind == .citizen)
    }

    @Test("Countries by numeric and alpha-3 code (ISO 3166-1)")
    func countries() throws {
        #expect(try Country(code: "410").alpha3 == "KOR")
        #expect(try Country(alpha3: "gbr").englishName == "United Kingdom")
        #expect(try Country(code: "156").alpha3 == "CHN")
        #expect(throws: IDCoreError(.invalidPersonalData, "")) { try Country(code: "999") }
        #expect(throws: IDCoreError(.invalidPersonalData, "")) { try Country(alpha3: "XXX") }
    }

    @Test("Latin-script names are normalised and validated", arguments: [
        ("KIM, MIN-JUN", "KIM, MIN-JUN"), ("  O’Brien   Smith ", "O'Brien Smith"), ("MARI\u{0301}A JOSE\u{0301}", "MARÍA JOSÉ"),
        ("Nguyễn Thị Minh Khai", "Nguyễn Thị Minh Khai"), ("SMITH JR.", "SMITH JR."), ("Øystein Ødegård", "Øystein Ødegård"),
    ])
    func latinNames(text: String, normalised: String) throws {
        let name = try PersonName(text)
        #expect(name.value == normalised && name.script == .latin)
        #expect(try PersonName("李娜").script == .han)
    }

    @Test("Names mixing scripts, with digits, symbols or misplaced separators are refused", arguments: [
        "李 Na", "JOHN2", "-JOHN", "JOHN-", "JO--HN", "JOHN × DOE", "JOHN,", ".JOHN", "JOHN@DOE", String(repeating: "A", count: 129),
    ])
    func badLatinNames(text: String) {
        #expect(throws: IDCoreError(.invalidPersonalData, "")) { try PersonName(text) }
    }

    @Test("A foreigner's card carries nationality, Latin name and number into a credential and back")
    func foreignerCredential() async throws {
        let fixture = try CredentialFixture()
        let card = try SampleCards.permanentResidentCard()
        #expect(card.ethnicity == nil && card.nationality?.alpha3 == "KOR")
        #expect(try VirtualIDCard(jsonData: card.jsonData()) == card)
        let credential = try fixture.issuer.issue(card, holderKey: fixture.walletKey.publicKey, expiresAt: fixture.clock.now.addingTimeInterval(3600))
        let presentation = try fixture.present(credential, disclosing: ["name", "id_number", "portrait", "nationality"])
        let outcome = await fixture.verifier().verify(presentation)
        #expect(outcome.isAccepted, "\(outcome)")
        let claims = try #require(try outcome.claims?.virtualIDCard)
        #expect(claims.name?.value == "KIM, MIN-JUN" && claims.nationality?.code == "410")
        let korea = try Country(code: "410")
        #expect(claims.idNumber?.kind == .foreignPermanentResident(nationality: korea))
    }

    @Test("A card must agree with its number's kind: ethnicity for citizens only, the encoded nationality for foreigners")
    func cardKindRules() throws {
        let citizen = try SampleCards.virtualIDCard()
        let foreigner = try SampleCards.permanentResidentCard()
        func card(_ base: VirtualIDCard, ethnicity: Ethnicity?, nationality: Country?) throws -> VirtualIDCard {
            try VirtualIDCard(name: base.name, sex: base.sex, ethnicity: ethnicity, nationality: nationality, birthDate: base.birthDate, address: base.address,
                              idNumber: base.idNumber, issuingAuthority: base.issuingAuthority, validity: base.validity, portrait: base.portrait,
                              assuranceLevel: base.assuranceLevel)
        }
        #expect(throws: IDCoreError(.invalidPersonalData, "")) { try card(citizen, ethnicity: nil, nationality: nil) }
        #expect(throws: IDCoreError(.invalidPersonalData, "")) { try card(citizen, ethnicity: citizen.ethnicity, nationality: Country(code: "410")) }
        #expect(throws: IDCoreError(.invalidPersonalData, "")) { try card(foreigner, ethnicity: nil, nationality: Country(code: "840")) }
        #expect(throws: IDCoreError(.invalidPersonalData, "")) { try card(foreigner, ethnicity: Ethnicity(code: "01"), nationality: foreigner.nationality) }
        let permit = try ResidentIDNumber(IdentityNumbers.make(division: "820000", birth: citizen.idNumber.birthDate.description.replacingOccurrences(of: "-", with: ""), sequence: 124), today: today)
        #expect(throws: IDCoreError(.invalidPersonalData, "")) {
            try VirtualIDCard(name: citizen.name, sex: permit.sex, ethnicity: citizen.ethnicity, birthDate: permit.birthDate, address: citizen.address,
                              idNumber: permit, issuingAuthority: citizen.issuingAuthority, validity: citizen.validity, portrait: citizen.portrait,
                              assuranceLevel: .high)
        }
    }
}
