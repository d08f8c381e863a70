import Foundation
import IDCore
import SocialSecurity
import SocialSecuritySimulator
import Testing

@Suite("2601 reverses a message by its id, whatever became of it, and it never takes effect afterwards")
struct MessageReversalTests {
    private func reverse(_ original: MessageID, _ transaction: InterfaceTransaction, visit: OutpatientVisit) async throws -> InterfaceResponse {
        let session = visit.session
        let input = MessageReversalInput(personNumber: visit.personNumber, originalMessageID: original, originalTransaction: transaction)
        return try await session.connector.transmit(session.envelope(.messageReversal, input: input.json, insuredArea: visit.insuredArea,
                                                                     messageID: try await session.connector.messageIDs.next()))
    }

    private func send(_ transaction: InterfaceTransaction, _ input: JSONValue, id: MessageID, visit: OutpatientVisit) async throws -> InterfaceResponse {
        try await visit.session.connector.transmit(visit.session.envelope(transaction, input: input, insuredArea: visit.insuredArea, messageID: id))
    }

    private func billed(_ fixture: PlatformFixture) async throws -> (OutpatientVisit, SettlementInput) {
        let session = try await fixture.session()
        let visit = try await OutpatientVisit.open(session, credential: .identityCard(fixture.wang.idNumber), outpatientNumber: "MZ-R", at: fixture.clock.now)
        let lines = try visit.lines("B1", OutpatientVisit.usualBill, at: fixture.clock.now)
        _ = try await visit.upload(lines)
        return (visit, try await visit.settlementInput(lines))
    }

    @Test("Reversed before it arrives, a settlement message is refused when it does")
    func reversedBeforeArrival() async throws {
        let fixture = try PlatformFixture()
        let (visit, input) = try await billed(fixture)
        let late = try await visit.session.connector.messageIDs.next()
        #expect(try await reverse(late, .settlement, visit: visit).isSuccess)
        let answer = try await send(.settlement, input.json, id: late, visit: visit)
        #expect(answer.error?.code == .messageReversed)
        #expect(try await fixture.shenzhen.records(of: PlatformFixture.hospital).isEmpty)
        // The same 2601 sent again is answered the same; another 2601 of the message is already-reversed.
        #expect(try await reverse(late, .settlement, visit: visit).error?.code == .alreadyReversed)
    }

    @Test("A settlement reversed by 2601 is voided: the money back, no record left, and the batch may be settled again")
    func voidSettlement() async throws {
        let fixture = try PlatformFixture()
        let (visit, input) = try await billed(fixture)
        let id = try await visit.session.connector.messageIDs.next()
        #expect(try await send(.settlement, input.json, id: id, visit: visit).isSuccess)
        #expect(try await reverse(id, .settlement, visit: visit).isSuccess)
        #expect(try await fixture.shenzhen.records(of: PlatformFixture.hospital).isEmpty)
        #expect(try await fixture.shenzhen.person(visit.personNumber)?.insurance[0].personalAccount == (try Yuan("1200.00")))
        #expect(try await send(.settlement, input.json, id: id, visit: visit).error?.code == .messageReversed)
        #expect(try await send(.settlement, input.json, id: try await visit.session.connector.messageIDs.next(), visit: visit).isSuccess)
        #expect(try await fixture.shenzhen.records(of: PlatformFixture.hospital).count == 1)
    }

    @Test("A 2208 reversed by 2601 puts the settlement back, once; not after the batch changed")
    func reverseAReversal() async throws {
        let fixture = try PlatformFixture()
        let (visit, input) = try await billed(fixture)
        let settled = try SettlementResult(jsonValue: try await send(.settlement, input.json, id: try await visit.session.connector.messageIDs.next(), visit: visit).output)
        let reversalInput = SettlementReversalInput(settlementID: try #require(settled.info.settlementID), visitID: visit.visitID, personNumber: visit.personNumber)
        let reversalID = try await visit.session.connector.messageIDs.next()
        #expect(try await send(.settlementReversal, reversalInput.json, id: reversalID, visit: visit).isSuccess)
        #expect(try await fixture.shenzhen.person(visit.personNumber)?.insurance[0].personalAccount == (try Yuan("1200.00")))
        #expect(try await reverse(reversalID, .settlementReversal, visit: visit).isSuccess)
        #expect(try await fixture.shenzhen.records(of: PlatformFixture.hospital).map(\.settlementID) == [settled.info.settlementID])
        #expect(try await fixture.shenzhen.person(visit.personNumber)?.insurance[0].personalAccount == (try Yuan("1200.00").subtracting(settled.info.personalAccount)))
        // Reversing it again, and settling the batch again, both find it settled.
        let again = try await send(.settlementReversal, reversalInput.json, id: try await visit.session.connector.messageIDs.next(), visit: visit)
        #expect(again.isSuccess)
        let thirdReversal = try await send(.settlementReversal, reversalInput.json, id: try await visit.session.connector.messageIDs.next(), visit: visit)
        #expect(thirdReversal.error?.code == .alreadyReversed)
        // The batch's lines withdrawn after the second reversal: that reversal can no longer be undone.
        try await visit.session.cancelFeeDetails(FeeDetailCancellation(visitID: visit.visitID, chargeBatch: "B1", personNumber: visit.personNumber),
                                                 insuredArea: visit.insuredArea)
        let secondReversalID = try #require(try SettlementResult(jsonValue: again.output).info.institutionSettlementID)
        #expect(try await reverse(try MessageID(secondReversalID), .settlementReversal, visit: visit).error?.code == .notReversible)
    }

    @Test("An upload and a registration are reversed while nothing of them is settled; a 2601 of the wrong kind or of a 2601 is refused")
    func otherMessages() async throws {
        let fixture = try PlatformFixture()
        let session = try await fixture.session()
        let visit = try await OutpatientVisit.open(session, credential: .identityCard(fixture.wang.idNumber), outpatientNumber: "MZ-U", at: fixture.clock.now)
        let lines = try visit.lines("B1", OutpatientVisit.usualBill, at: fixture.clock.now)
        let uploadID = try await session.connector.messageIDs.next()
        #expect(try await send(.feeDetailUpload, FeeDetailUpload(lines: lines).json, id: uploadID, visit: visit).isSuccess)
        await #expect(throws: ConnectorError(.malformedRequest, "")) { try await self.reverse(uploadID, .settlement, visit: visit) }
        #expect(try await reverse(uploadID, .feeDetailUpload, visit: visit).isSuccess)
        // Nothing left to settle in the batch.
        let price = SettlementInput(personNumber: visit.personNumber, credential: visit.credential, total: try Yuan("160.50"), visitID: visit.visitID,
                                    chargeBatch: "B1", insuranceType: .employeeBasic)
        await #expect(throws: ConnectorError(.nothingToSettle, "")) { try await session.preSettle(price, insuredArea: visit.insuredArea) }
        let registrationID = try await session.connector.messageIDs.next()
        let registration = RegistrationInput(personNumber: visit.personNumber, insuranceType: .employeeBasic, startsAt: fixture.clock.now,
                                             credential: visit.credential, outpatientNumber: "MZ-U2", doctorCode: "D1", doctorName: "陈医生",
                                             departmentCode: "A03", departmentName: "心血管内科", specialty: "A03")
        let opened = try RegistrationOutput(jsonValue: try await send(.registration, registration.json, id: registrationID, visit: visit).output)
        #expect(try await reverse(registrationID, .registration, visit: visit).isSuccess)
        let cancelledVisit = RegistrationCancellation(personNumber: visit.personNumber, visitID: opened.visitID, outpatientNumber: "MZ-U2")
        await #expect(throws: ConnectorError(.notFound, "")) { try await session.cancelRegistration(cancelledVisit, insuredArea: visit.insuredArea) }
        #expect(try await reverse(try await session.connector.messageIDs.next(), .messageReversal, visit: visit).error?.code == .notReversible)
    }
}
