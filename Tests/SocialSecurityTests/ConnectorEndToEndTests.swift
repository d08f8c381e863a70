import Foundation
import IDCore
@testable import SocialSecurity
import Testing

@Suite("Connector: every transaction in process, routed by province")
struct ConnectorEndToEndTests {
    @Test("Bind, status, eligibility, slots, book, cancel, estimate, settle, refund, reverse, reconcile")
    func everyTransaction() async throws {
        let fixture = try ConnectorFixture()
        let connector = fixture.connector
        let patient = fixture.shenzhenPatient
        let shenzhen = try AdministrativeDivision(code: "4403")

        let bound = try await fixture.bind(patient, name: "王建国", card: "M12345678")
        #expect(bound.cardStatus == .active && bound.issuingDivision.code == "440300")
        #expect(try await connector.cardStatus(CardStatusRequest(idNumber: patient)).cardNumber.fullNumber == "M12345678")
        let eligibility = try await connector.eligibility(EligibilityRequest(idNumber: patient, serviceDate: CalendarDate.today(now: fixture.now)))
        #expect(eligibility.insured && eligibility.personalAccountFen == 120_000)

        await fixture.shenzhenBureau.addSlots(hospitalID: "pku-sz", department: "cardiology", doctor: "Dr. Chen",
                                              startTimes: [fixture.now.addingTimeInterval(3600), fixture.now.addingTimeInterval(5400)])
        let slots = try await connector.appointmentSlots(SlotsRequest(hospitalID: "pku-sz", department: "cardiology", date: CalendarDate.today(now: fixture.now.addingTimeInterval(3600))), division: shenzhen)
        #expect(slots.slots.count == 2 && slots.slots.allSatisfy(\.available))
        let booking = try await connector.bookAppointment(BookingRequest(idNumber: patient, slotID: slots.slots[0].slotID))
        await #expect(throws: ConnectorError(.slotUnavailable, "")) { try await connector.bookAppointment(BookingRequest(idNumber: patient, slotID: slots.slots[0].slotID)) }
        let cancellation = try await connector.cancelAppointment(CancellationRequest(appointmentID: booking.appointmentID), division: shenzhen)
        #expect(cancellation.appointmentID == booking.appointmentID)

        let estimate = try await connector.estimateSettlement(SettlementRequest(idNumber: patient, items: ConnectorFixture.bill))
        #expect(estimate.totalFen == 2_500 + 3 * 1_850 + 8_000)
        #expect(estimate.fundFen + estimate.personalAccountFen + estimate.cashFen == estimate.totalFen)
        #expect(estimate.fundFen == (3 * 1_850 + 8_000) * 70 / 100)
        let settlement = try await connector.settle(SettlementRequest(idNumber: patient, visitID: "visit-1", items: ConnectorFixture.bill))
        #expect(settlement.settlementID != nil && settlement.totalFen == estimate.totalFen)
        #expect(await fixture.shenzhenBureau.person(patient)?.personalAccountFen == 120_000 - settlement.personalAccountFen)

        let refund = try await connector.refund(RefundRequest(settlementID: settlement.settlementID!, items: [ConnectorFixture.bill[1]]), division: shenzhen)
        #expect(refund.fundFen + refund.personalAccountFen + refund.cashFen == 3 * 1_850)
        let second = try await connector.settle(SettlementRequest(idNumber: patient, items: [ConnectorFixture.bill[2]]))
        _ = try await connector.reverseSettlement(ReversalRequest(settlementID: second.settlementID!, reason: "entered twice"), division: shenzhen)
        await #expect(throws: ConnectorError(.alreadyReversed, "")) {
            try await connector.reverseSettlement(ReversalRequest(settlementID: second.settlementID!, reason: "again"), division: shenzhen)
        }

        let totals = ReconciliationTotals(count: 1, totalFen: settlement.totalFen, fundFen: settlement.fundFen,
                                          personalAccountFen: settlement.personalAccountFen, cashFen: settlement.cashFen)
        let reconciliation = try await connector.reconciliation(ReconciliationRequest(date: CalendarDate.today(now: fixture.now), partnerTotals: totals), division: shenzhen)
        #expect(reconciliation.bureauTotals == totals && reconciliation.mismatches.isEmpty)
        #expect(reconciliation.details.map(\.status).sorted() == ["reversed", "settled"])
        let wrong = ReconciliationTotals(count: 2, totalFen: 1, fundFen: 0, personalAccountFen: 0, cashFen: 1)
        #expect(try await connector.reconciliation(ReconciliationRequest(date: CalendarDate.today(now: fixture.now), partnerTotals: wrong), division: shenzhen).mismatches.count == 1)
    }

    @Test("A patient insured in Chengdu is routed to Chengdu's bureau; an unconnected province is a clear error")
    func routing() async throws {
        let fixture = try ConnectorFixture()
        let bound = try await fixture.bind(fixture.chengduPatient, name: "刘芳", card: "C87654321")
        #expect(bound.issuingDivision.code == "510100")
        #expect(try await fixture.connector.eligibility(EligibilityRequest(idNumber: fixture.chengduPatient, serviceDate: CalendarDate.today(now: fixture.now))).personalAccountFen == 50_000)
        let error = try await #require(throws: ConnectorError.self) {
            try await fixture.connector.cardStatus(CardStatusRequest(idNumber: fixture.guangxiPatient))
        }
        #expect(error.code == .unknownProvince)
        #expect(error.reason.contains("广西"))
    }

    @Test("A person not bound by this partner, or a wrong name, reads exactly like an unknown number")
    func noLeak() async throws {
        let fixture = try ConnectorFixture()
        let unbound = try await #require(throws: ConnectorError.self) { try await fixture.connector.cardStatus(CardStatusRequest(idNumber: fixture.shenzhenPatient)) }
        let stranger = try ConnectorFixture.number("440305", "19800101", 77)
        let unknown = try await #require(throws: ConnectorError.self) { try await fixture.connector.cardStatus(CardStatusRequest(idNumber: stranger)) }
        #expect(unbound.code == .notFound && unknown.code == .notFound && unbound.reason == unknown.reason)
        let wrongName = try await #require(throws: ConnectorError.self) { try await fixture.bind(fixture.shenzhenPatient, name: "王建军", card: "M12345678") }
        #expect(wrongName.code == .notFound && wrongName.reason == unknown.reason)
    }

    @Test("The same idempotency key settles once and replays the stored answer; another body conflicts")
    func idempotency() async throws {
        let fixture = try ConnectorFixture()
        _ = try await fixture.bind(fixture.shenzhenPatient, name: "王建国", card: "M12345678")
        let key = try fixture.connector.newIdempotencyKey()
        let request = SettlementRequest(idNumber: fixture.shenzhenPatient, items: ConnectorFixture.bill)
        let first = try await fixture.connector.settle(request, idempotencyKey: key)
        let again = try await fixture.connector.settle(request, idempotencyKey: key)
        #expect(first == again)
        #expect(await fixture.shenzhenBureau.settlementCount(partner: ConnectorFixture.partner) == 1)
        await #expect(throws: ConnectorError(.idempotencyConflict, "")) {
            try await fixture.connector.settle(SettlementRequest(idNumber: fixture.shenzhenPatient, items: [ConnectorFixture.bill[0]]), idempotencyKey: key)
        }
    }
}

@Suite("Simulated bureau refunds")
struct RefundApportionmentTests {
    static let cases: [(Int64, [Int64])] = [(5_550, [9_485, 6_565, 0]), (1, [0, 0, 16_050]), (16_050, [9_485, 6_565, 0]), (7, [1, 1, 5]), (100, [33, 33, 34])]

    @Test("Refund shares never exceed what each source paid and always add up", arguments: cases)
    func apportion(amount: Int64, available: [Int64]) {
        let shares = SimulatedBureau.apportion(amount, over: available)
        #expect(shares.reduce(0, +) == min(amount, available.reduce(0, +)))
        #expect(zip(shares, available).allSatisfy { $0 >= 0 && $0 <= $1 })
    }

    @Test("Partial refunds, however many, never return more than was paid")
    func repeatedRefunds() async throws {
        let fixture = try ConnectorFixture()
        _ = try await fixture.bind(fixture.shenzhenPatient, name: "王建国", card: "M12345678")
        let division = try AdministrativeDivision(code: "4403")
        let settlement = try await fixture.connector.settle(SettlementRequest(idNumber: fixture.shenzhenPatient, items: ConnectorFixture.bill))
        let balanceBefore = await fixture.shenzhenBureau.person(fixture.shenzhenPatient)?.personalAccountFen
        var refunded: [Int64] = [0, 0, 0]
        let line = BillItem(code: "D104", name: "Amoxicillin 0.25 g", category: .drug, quantity: 1, unitPriceFen: 1_850)
        for _ in 0..<3 {
            let refund = try await fixture.connector.refund(RefundRequest(settlementID: settlement.settlementID!, items: [line]), division: division)
            refunded = [refunded[0] + refund.fundFen, refunded[1] + refund.personalAccountFen, refunded[2] + refund.cashFen]
        }
        #expect(refunded[0] <= settlement.fundFen && refunded[1] <= settlement.personalAccountFen && refunded[2] <= settlement.cashFen)
        #expect(refunded.reduce(0, +) == 3 * 1_850)
        let balanceAfter = await fixture.shenzhenBureau.person(fixture.shenzhenPatient)?.personalAccountFen
        #expect((balanceAfter ?? 0) - (balanceBefore ?? 0) == refunded[1])
    }
}
