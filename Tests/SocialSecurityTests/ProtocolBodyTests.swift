import Foundation
import IDCore
@testable import SocialSecurity
import Testing

/// The exact bytes of every protocol body (Documentation/ConnectorProtocol.md §8): what an
/// independent bureau or partner reads and writes, so they must not drift.
@Suite("Protocol bodies: the wire form of every message")
struct ProtocolBodyTests {
    static let patient = try! ConnectorFixture.number("440305", "19760512", 31)
    static let moment = Date(timeIntervalSince1970: 1_795_600_000)
    static let item = BillItem(code: "D104", name: "Amoxicillin \"0.25 g\"", category: .drug, quantity: 3, unitPriceFen: 1_850)
    static let totals = ReconciliationTotals(count: 2, totalFen: 16_050, fundFen: 9_485, personalAccountFen: 6_565, cashFen: 0)

    @Test("Requests") func requests() throws {
        try expectWire(BindCardRequest(idNumber: Self.patient, name: PersonName("王建国"), cardNumber: SocialSecurityCardNumber("M12345678"),
                                       verification: IdentityVerificationRecord(credentialIssuer: "https://id.gd.gov.cn", faceSimilarity: 0.8, verifiedAt: Self.moment)),
                       #"{"card_number":"M12345678","id_number":"440305197605120315","name":"王建国","verification":{"credential_issuer":"https://id.gd.gov.cn","face_similarity":0.8,"liveness":"live","method":"virtual-id+face","verified_at":"2026-11-25T17:46:40+08:00"}}"#)
        try expectWire(CardStatusRequest(idNumber: Self.patient), #"{"id_number":"440305197605120315"}"#)
        try expectWire(EligibilityRequest(idNumber: Self.patient, serviceDate: CalendarDate(iso8601: "2026-11-26")),
                       #"{"id_number":"440305197605120315","service_date":"2026-11-26"}"#)
        try expectWire(SlotsRequest(hospitalID: "pku-sz", department: "cardiology", date: CalendarDate(iso8601: "2026-11-27")),
                       #"{"date":"2026-11-27","department":"cardiology","hospital_id":"pku-sz"}"#)
        try expectWire(BookingRequest(idNumber: Self.patient, slotID: "slot-7"), #"{"id_number":"440305197605120315","slot_id":"slot-7"}"#)
        try expectWire(CancellationRequest(appointmentID: "apt-1"), #"{"appointment_id":"apt-1"}"#)
        try expectWire(SettlementRequest(idNumber: Self.patient, visitID: "visit-1", items: [Self.item]),
                       #"{"id_number":"440305197605120315","items":[{"category":"drug","code":"D104","name":"Amoxicillin \"0.25 g\"","quantity":3,"unit_price_fen":1850}],"visit_id":"visit-1"}"#)
        try expectWire(SettlementRequest(idNumber: Self.patient, items: []), #"{"id_number":"440305197605120315","items":[]}"#)
        try expectWire(ReversalRequest(settlementID: "stl-1", reason: "entered twice"), #"{"reason":"entered twice","settlement_id":"stl-1"}"#)
        try expectWire(RefundRequest(settlementID: "stl-1", items: [Self.item]),
                       #"{"items":[{"category":"drug","code":"D104","name":"Amoxicillin \"0.25 g\"","quantity":3,"unit_price_fen":1850}],"settlement_id":"stl-1"}"#)
        try expectWire(ReconciliationRequest(date: CalendarDate(iso8601: "2026-11-26"), partnerTotals: Self.totals),
                       #"{"date":"2026-11-26","partner_totals":{"cash_fen":0,"count":2,"fund_fen":9485,"personal_account_fen":6565,"total_fen":16050}}"#)
    }

    @Test("Responses") func responses() throws {
        try expectWire(CardStatusResponse(cardNumber: SocialSecurityCardNumber("M12345678"), cardStatus: .active, issuingDivision: AdministrativeDivision(code: "440300")),
                       #"{"card_number":"M12345678","card_status":"active","issuing_division":"440300"}"#)
        try expectWire(EligibilityResponse(insured: true, insuranceType: .employee, personalAccountFen: 120_000, annualFundUsedFen: 0, annualFundLimitFen: 30_000_000),
                       #"{"annual_fund_limit_fen":30000000,"annual_fund_used_fen":0,"insurance_type":"employee","insured":true,"personal_account_fen":120000}"#)
        try expectWire(SlotsResponse(slots: [AppointmentSlot(slotID: "slot-7", doctor: "Dr. Chen", startsAt: Self.moment, available: false)]),
                       #"{"slots":[{"available":false,"doctor":"Dr. Chen","slot_id":"slot-7","starts_at":"2026-11-25T17:46:40+08:00"}]}"#)
        try expectWire(BookingResponse(appointmentID: "apt-1", startsAt: "2026-11-25T17:46:40+08:00"), #"{"appointment_id":"apt-1","starts_at":"2026-11-25T17:46:40+08:00"}"#)
        try expectWire(CancellationResponse(appointmentID: "apt-1", cancelledAt: Self.moment), #"{"appointment_id":"apt-1","cancelled_at":"2026-11-25T17:46:40+08:00"}"#)
        try expectWire(SettlementSplit(totalFen: 5_550, fundFen: 3_885, personalAccountFen: 1_665, cashFen: 0,
                                       funds: [.init(fund: "basic-medical", amountFen: 3_885)], settlementID: "stl-1", settledAt: "2026-11-25T17:46:40+08:00"),
                       #"{"cash_fen":0,"fund_fen":3885,"funds":[{"amount_fen":3885,"fund":"basic-medical"}],"personal_account_fen":1665,"settled_at":"2026-11-25T17:46:40+08:00","settlement_id":"stl-1","total_fen":5550}"#)
        try expectWire(SettlementSplit(totalFen: 0, fundFen: 0, personalAccountFen: 0, cashFen: 0, funds: []),
                       #"{"cash_fen":0,"fund_fen":0,"funds":[],"personal_account_fen":0,"total_fen":0}"#)
        try expectWire(ReversalResponse(settlementID: "stl-1", reversedAt: Self.moment), #"{"reversed_at":"2026-11-25T17:46:40+08:00","settlement_id":"stl-1"}"#)
        try expectWire(RefundResponse(refundID: "rfd-1", fundFen: 3_885, personalAccountFen: 1_665, cashFen: -1),
                       #"{"cash_fen":-1,"fund_fen":3885,"personal_account_fen":1665,"refund_id":"rfd-1"}"#)
        try expectWire(ReconciliationResponse(bureauTotals: Self.totals, details: [.init(settlementID: "stl-1", totalFen: 16_050, status: "settled")],
                                              mismatches: [.init(settlementID: nil, issue: "count differs"), .init(settlementID: "stl-2", issue: "unknown to the bureau")]),
                       #"{"bureau_totals":{"cash_fen":0,"count":2,"fund_fen":9485,"personal_account_fen":6565,"total_fen":16050},"details":[{"settlement_id":"stl-1","status":"settled","total_fen":16050}],"mismatches":[{"issue":"count differs"},{"issue":"unknown to the bureau","settlement_id":"stl-2"}]}"#)
        try expectWire(ProtocolJSON.ErrorBody(ConnectorError(.slotUnavailable, "Slot slot-7 is taken.")),
                       #"{"error":{"code":"slot-unavailable","message":"Slot slot-7 is taken.","retryable":false}}"#)
    }

    @Test("Capabilities publish each key as its thumbprint, algorithm and JWK")
    func capabilities() throws {
        let key = try SigningKey(generating: .es256).publicKey
        let capabilities = BureauCapabilities(bureau: "440300", transactions: [.eligibility, .settle], keys: [key], windowSeconds: 300)
        let json = try JSONValue(parsing: ProtocolJSON.encode(capabilities))
        #expect(json == .object([
            "protocol_version": .integer(1), "bureau": .string("440300"), "window_seconds": .integer(300),
            "transactions": .array([.string("eligibility"), .string("settlements")]),
            "keys": .array([.object(["kid": .string(key.thumbprint), "alg": .string("ES256"), "jwk": try JSONValue(parsing: JSONEncoder().encode(key.jwk))])]),
        ]))
        #expect(try ProtocolJSON.decode(BureauCapabilities.self, from: ProtocolJSON.encode(capabilities)) == capabilities)
    }

    @Test("A body that does not fit its message names the member at fault, as JSONDecoder would")
    func refusals() throws {
        #expect(try refusal(EligibilityRequest.self, #"{"id_number":"440305197605120315"}"#) == "keyNotFound service_date")
        #expect(try refusal(EligibilityResponse.self, #"{"annual_fund_limit_fen":1,"annual_fund_used_fen":0,"insurance_type":"employee","insured":"yes","personal_account_fen":1}"#)
            == "typeMismatch insured")
        #expect(try refusal(EligibilityResponse.self, #"{"annual_fund_limit_fen":1.5,"annual_fund_used_fen":0,"insurance_type":"employee","insured":true,"personal_account_fen":1}"#)
            == "typeMismatch annual_fund_limit_fen")
        #expect(try refusal(EligibilityResponse.self, #"{"annual_fund_limit_fen":1,"annual_fund_used_fen":0,"insurance_type":"private","insured":true,"personal_account_fen":1}"#)
            == "dataCorrupted insurance_type")
        #expect(try refusal(RefundRequest.self, #"{"items":[{"category":"drug","code":"D1","name":"x","quantity":1,"unit_price_fen":1},{"category":"drug","code":7,"name":"x","quantity":1,"unit_price_fen":1}],"settlement_id":"s"}"#)
            == "typeMismatch items.1.code")
        #expect(try refusal(BillItem.self, #"{"category":"drug","code":"D1","name":"x","quantity":9223372036854775807,"unit_price_fen":1}"#) == "none")
        #expect(try refusal(SettlementRequest.self, #"{"id_number":"440305197605120315","items":{}}"#) == "typeMismatch items")
        #expect(try refusal(CancellationRequest.self, #"["apt-1"]"#) == "typeMismatch ")
        #expect(throws: IDCoreError.self) { try ProtocolJSON.decode(CardStatusRequest.self, from: Data(#"{"id_number":"440305197605120311"}"#.utf8)) }
        // A refusal names the kind of value found, never the value: it may be an identity number.
        let misplaced = try #require(throws: DecodingError.self) {
            try ProtocolJSON.decode(CardStatusRequest.self, from: Data(#"{"id_number":440305197605120315}"#.utf8))
        }
        #expect(!"\(misplaced)".contains("440305197605120315") && "\(misplaced)".contains("an integer"))
        #expect(try ProtocolJSON.decode(SettlementRequest.self, from: Data(#"{"id_number":"440305197605120315","items":[],"visit_id":null,"extra":1}"#.utf8))
            == SettlementRequest(idNumber: Self.patient, items: []))
    }

    /// The kind of `DecodingError` and the dotted path it names, or "none" if the body decodes.
    private func refusal<Message: ConnectorMessage>(_ type: Message.Type, _ body: String) throws -> String {
        do {
            _ = try ProtocolJSON.decode(type, from: Data(body.utf8))
            return "none"
        } catch let error as DecodingError {
            let (kind, context): (String, DecodingError.Context) = switch error {
            case .keyNotFound(let key, let context): ("keyNotFound", .init(codingPath: context.codingPath + [key], debugDescription: ""))
            case .typeMismatch(_, let context): ("typeMismatch", context)
            case .valueNotFound(_, let context): ("valueNotFound", context)
            case .dataCorrupted(let context): ("dataCorrupted", context)
            @unknown default: ("unknown", .init(codingPath: [], debugDescription: ""))
            }
            return kind + " " + context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
        }
    }

    /// The body is exactly `expected`, reads back to the same value, and `JSONEncoder` and
    /// `JSONDecoder` (what a journal file or an integrator's store uses) agree with it.
    private func expectWire<Message: ConnectorMessage & Equatable>(_ message: Message, _ expected: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let body = try ProtocolJSON.encode(message)
        #expect(String(decoding: body, as: UTF8.self) == expected, sourceLocation: sourceLocation)
        #expect(try ProtocolJSON.decode(Message.self, from: Data(expected.utf8)) == message, sourceLocation: sourceLocation)
        let foundation = try JSONEncoder().encode(message)
        #expect(try JSONValue(parsing: foundation) == JSONValue(parsing: body), sourceLocation: sourceLocation)
        #expect(try JSONDecoder().decode(Message.self, from: body) == message, sourceLocation: sourceLocation)
    }
}
