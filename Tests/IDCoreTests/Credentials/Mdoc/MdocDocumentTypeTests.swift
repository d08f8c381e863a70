import Foundation
import IDCore
import Testing

@Suite("mdoc document types: the mDL, the EU PID and the SDK's own cards, typed")
struct MdocDocumentTypeTests {
    /// Issues `elements` in `namespace` as a document of `docType`, presents every one and
    /// verifies the response.
    static func verified(docType: String, namespace: String, elements: [(identifier: String, value: CBORValue)])
        async throws -> MdocVerificationOutcome.VerifiedDocument {
        let fixture = try MdocFixture()
        let issuer = try MdocIssuer(signer: fixture.authority.signerKey, certificateChain: [fixture.authority.documentSigner])
        let issued = try issuer.issue(docType: docType, nameSpaces: [(namespace, elements)], deviceKey: fixture.walletKey.publicKey,
                                      validity: .init(signed: MdocFixture.now, validFrom: MdocFixture.now, validUntil: MdocFixture.now + 86_400))
        let document = try MdocHolder.present(issued, docType: docType, disclosing: [namespace: Set(elements.map(\.identifier))],
                                              sessionTranscript: MdocFixture.transcript, deviceSigner: fixture.walletKey)
        let outcome = try await fixture.verifier(accepting: [docType]).verify(DeviceResponse(documents: [document]).encoded(),
                                                                         for: MdocRequest(docType: docType, requiredElements: [:], sessionTranscript: MdocFixture.transcript))
        return try #require(outcome.document, "\(outcome)")
    }

    @Test("A virtual ID card issued as mdoc reads back, through the SD-JWT claim view, as the card it was")
    func virtualIDCard() async throws {
        let card = try SampleCards.virtualIDCard()
        let type = SDKDocumentType.virtualIDCard
        let elements = try SDKDocumentType.elements(of: card)
        #expect(elements.first { $0.identifier == "birth_date" }?.value == MdocDate.fullDate(card.birthDate))
        #expect(elements.first { $0.identifier == "portrait" }?.value.mapValue?["template"] == .bytes(Array(card.portrait.template)))
        let document = try await Self.verified(docType: type.docType, namespace: type.namespace, elements: elements)
        let claims = try document.disclosedClaims(in: type.namespace).virtualIDCard
        #expect(claims.name == card.name && claims.idNumber == card.idNumber && claims.birthDate == card.birthDate && claims.sex == card.sex)
        #expect(claims.validity == card.validity && claims.portrait == card.portrait && claims.address == card.address)
        #expect(claims.ethnicity == card.ethnicity && claims.assuranceLevel == card.assuranceLevel && claims.partiallyDisclosed.isEmpty)
    }

    @Test("A social-security card issued as mdoc reads back as the card it was")
    func socialSecurityCard() async throws {
        let card = try SampleCards.socialSecurityCard()
        let type = SDKDocumentType.socialSecurityCard
        let document = try await Self.verified(docType: type.docType, namespace: type.namespace, elements: try SDKDocumentType.elements(of: card))
        let claims = try document.disclosedClaims(in: type.namespace).socialSecurityCard
        #expect(claims.cardNumber == card.cardNumber && claims.socialSecurityNumber == card.socialSecurityNumber && claims.holderName == card.holderName)
        #expect(claims.issueDate == card.issueDate && claims.status == card.status && claims.issuingDivision == card.issuingDivision)
        #expect(throws: IDCoreError(.invalidParameter, "")) { try document.disclosedClaims(in: MobileDrivingLicence.namespace) }
    }

    @Test("The mDL and the EU PID typed views read each disclosed element and refuse one of the wrong type")
    func standardTypes() async throws {
        let fixture = try MdocFixture()
        let mdl = try MobileDrivingLicence(elements: Dictionary(uniqueKeysWithValues: fixture.issued.nameSpaces[0].items.map { ($0.elementIdentifier, $0.elementValue) }))
        #expect(mdl.familyName == "Zhang" && mdl.ageOver == [18: true] && mdl.drivingPrivileges?.map(\.vehicleCategoryCode) == ["B"])
        #expect(mdl.birthDate == (try CalendarDate(year: 1990, month: 5, day: 17)) && mdl.portrait?.count == 64 && mdl.nationality == nil)
        #expect(throws: IDCoreError(.invalidPersonalData, "")) { try MobileDrivingLicence(elements: ["family_name": 7]) }
        #expect(throws: IDCoreError(.invalidPersonalData, "")) { try MobileDrivingLicence(elements: ["driving_privileges": [.map(["issue_date": "x"])]]) }

        let pid = try await Self.verified(docType: PersonIdentificationData.docType, namespace: PersonIdentificationData.namespace, elements: [
            ("family_name", "Müller"), ("given_name", "Anna"), ("birth_date", MdocDate.fullDate(try CalendarDate(year: 1985, month: 3, day: 2))),
            ("age_over_18", true), ("age_over_65", false), ("nationality", ["DE", "FR"]), ("issuing_country", "DE"),
            ("issuance_date", MdocDate.tdate(MdocFixture.now)), ("expiry_date", MdocDate.fullDate(try CalendarDate(year: 2031, month: 1, day: 1))),
        ]).personIdentificationData
        #expect(pid.familyName == "Müller" && pid.nationalities == ["DE", "FR"] && pid.ageOver == [18: true, 65: false])
        #expect(pid.issuanceDate == CalendarDate.today(now: MdocFixture.now, in: TimeZone(identifier: "UTC")!) && pid.issuingCountry == "DE")
        #expect(throws: IDCoreError(.invalidPersonalData, "")) { try PersonIdentificationData(elements: ["nationality": [1]]) }
    }
}
