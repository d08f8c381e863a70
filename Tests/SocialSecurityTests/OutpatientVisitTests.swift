import Foundation
import IDCore
import SocialSecurity
import SocialSecuritySimulator
import Testing

@Suite("An outpatient visit on the national interface, in process")
struct OutpatientVisitTests {
    @Test("E-voucher to reconciliation: 1101, 2201, 2203, 2204, 2206, 2207, 2208, 3201, 3202, 9002")
    func wholeVisit() async throws {
        let fixture = try PlatformFixture()
        let session = try await fixture.session()
        let token = try fixture.registry.issueVoucher(for: fixture.wang.idNumber)
        let visit = try await OutpatientVisit.open(session, credential: .electronicVoucher(token), outpatientNumber: "MZ20261201001", at: fixture.clock.now)
        // 王建国 was born in Chengdu and is insured in Shenzhen: he is settled in Shenzhen.
        #expect(fixture.wang.idNumber.divisionCode == "510107")
        #expect(visit.insuredArea == PlatformFixture.shenzhenArea)
        #expect(visit.person.person.name == (try PersonName("王建国")))

        let lines = try visit.lines("B1", OutpatientVisit.usualBill, at: fixture.clock.now)
        let classified = try await visit.upload(lines)
        #expect(classified.lines.map(\.chargeItemLevel) == [.selfPaid, .classA, .classB, .classA])
        #expect(classified.lines[2].preSelfPay == (try Yuan("5.55")))

        let input = try await visit.settlementInput(lines)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("journal-\(UUID().uuidString).jsonl")
        defer { try? FileManager.default.removeItem(at: url) }
        let desk = SettlementDesk(session: session, journal: try FileSettlementJournal(url: url))
        let receipt = try await desk.settle(input, insuredArea: visit.insuredArea)
        let info = receipt.record.info
        // 160.50 in all; within policy 160.50 - 25.00 - 5.55 = 129.95; the fund pays 70 % of it.
        #expect(info.total == (try Yuan("160.50")))
        #expect(info.withinPolicy == (try Yuan("129.95")))
        #expect(info.funds.pooledFund == (try Yuan("90.97")))
        #expect(info.personalAccount == (try Yuan("69.53")))
        #expect(info.cash == .zero)
        #expect(!receipt.isRepeat)
        #expect(try await fixture.shenzhen.person(visit.personNumber)?.insurance[0].personalAccount == (try Yuan("1130.47")))

        let reversal = try await desk.reverse(info, insuredArea: visit.insuredArea)
        #expect(reversal.record.info.total == (try Yuan("-160.50")))
        #expect(try await fixture.shenzhen.person(visit.personNumber)?.insurance[0].personalAccount == (try Yuan("1200.00")))

        let today = CalendarDate.today(now: fixture.clock.now)
        let report = try await desk.reconcile(ReconciliationPeriod(day: today), insuranceType: .employeeBasic, settlementAgency: PlatformFixture.shenzhenArea)
        #expect(report.isBalanced, "\(report)")
        #expect(report.details.rows.count == 2)
        _ = try await session.signOut()
        await #expect(throws: ConnectorError(.notSignedIn, "")) { try await session.personInfo(PersonInfoQuery(credential: .electronicVoucher(token))) }
    }
}
