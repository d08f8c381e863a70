import Foundation
import IDCore
import IDCoreTesting
import SocialSecurity
import SocialSecuritySimulator
import Testing

@Suite("Money is exactly-once: each finding of issue 15 as a test")
struct ExactlyOnceTests {
    /// A visit of 王建国 with the usual bill uploaded in batch B1, and its 2207 input.
    func billedVisit(_ fixture: PlatformFixture, session: ConnectorSession, number: String = "MZ001") async throws -> (OutpatientVisit, [FeeDetail], SettlementInput) {
        let visit = try await OutpatientVisit.open(session, credential: .identityCard(fixture.wang.idNumber), outpatientNumber: number, at: fixture.clock.now)
        let lines = try visit.lines("B1", OutpatientVisit.usualBill, at: fixture.clock.now)
        _ = try await visit.upload(lines)
        return (visit, lines, try await visit.settlementInput(lines))
    }

    @Test("A cashier pressing settle twice settles once; the second press gets the first settlement")
    func settleTwice() async throws {
        let fixture = try PlatformFixture()
        let session = try await fixture.session()
        let (visit, _, input) = try await billedVisit(fixture, session: session)
        let journal = TemporaryJournal()
        defer { journal.remove() }
        let desk = SettlementDesk(session: session, journal: try journal.open())
        let first = try await desk.settle(input, insuredArea: visit.insuredArea)
        let second = try await desk.settle(input, insuredArea: visit.insuredArea)
        #expect(!first.isRepeat && second.isRepeat)
        #expect(first.record == second.record)
        #expect(try await fixture.shenzhen.records(of: PlatformFixture.hospital).count == 1)
        #expect(try await fixture.shenzhen.person(visit.personNumber)?.insurance[0].personalAccount == (try Yuan("1130.47")))
    }

    @Test("Every journal: settle twice settles once, survives a reopen, and reconciles the settlement on its day", arguments: JournalKind.available)
    func journalContract(kind: JournalKind) async throws {
        let fixture = try PlatformFixture()
        let session = try await fixture.session()
        let (visit, _, input) = try await billedVisit(fixture, session: session)
        let location = try kind.location()
        let first = try await SettlementDesk(session: session, journal: kind.open(location)).settle(input, insuredArea: visit.insuredArea)
        // A restarted desk on the same journal gets the first settlement, and pays nothing again.
        let reopened = try kind.open(location)
        let second = try await SettlementDesk(session: session, journal: reopened).settle(input, insuredArea: visit.insuredArea)
        #expect(!first.isRepeat && second.isRepeat && first.record == second.record)
        #expect(try await fixture.shenzhen.records(of: PlatformFixture.hospital).count == 1)
        #expect(try await reopened.pending().isEmpty)
        let day = CalendarDate.today(now: first.record.info.settledAt)
        #expect(try await reopened.completed(in: ReconciliationPeriod(day: day)).map(\.record) == [first.record])
        #expect(try await reopened.completed(in: ReconciliationPeriod(day: try day.adding(years: 1))).isEmpty)
    }

    @Test("Journal leases: one holder at a time, taken over once lapsed, released only by their holder", arguments: JournalKind.available)
    func journalLeases(kind: JournalKind) async throws {
        let journal = try kind.open(try kind.location())
        let now = Date(timeIntervalSince1970: 1_795_600_000)
        #expect(try await journal.acquireLease("settle:V1:B1", holder: "desk-a", now: now, until: now.addingTimeInterval(60)))
        #expect(try await !journal.acquireLease("settle:V1:B1", holder: "desk-b", now: now.addingTimeInterval(30), until: now.addingTimeInterval(90)))
        #expect(try await journal.acquireLease("settle:V1:B1", holder: "desk-a", now: now.addingTimeInterval(30), until: now.addingTimeInterval(90)))
        #expect(try await journal.acquireLease("settle:V1:B2", holder: "desk-b", now: now, until: now.addingTimeInterval(60)))
        try await journal.releaseLease("settle:V1:B1", holder: "desk-b")
        #expect(try await !journal.acquireLease("settle:V1:B1", holder: "desk-b", now: now.addingTimeInterval(60), until: now.addingTimeInterval(120)))
        #expect(try await journal.acquireLease("settle:V1:B1", holder: "desk-b", now: now.addingTimeInterval(91), until: now.addingTimeInterval(150)))
        try await journal.releaseLease("settle:V1:B1", holder: "desk-b")
        #expect(try await journal.acquireLease("settle:V1:B1", holder: "desk-c", now: now.addingTimeInterval(92), until: now.addingTimeInterval(150)))
    }

    @Test("Four presses at once on one desk and journal: one settlement, one first receipt, three repeats", arguments: JournalKind.available)
    func concurrentPresses(kind: JournalKind) async throws {
        let fixture = try PlatformFixture()
        let session = try await fixture.session()
        let (visit, _, input) = try await billedVisit(fixture, session: session)
        let desk = SettlementDesk(session: session, journal: try kind.open(try kind.location()))
        let receipts = try await withThrowingTaskGroup(of: SettlementReceipt.self) { group in
            for _ in 0..<4 { group.addTask { try await desk.settle(input, insuredArea: visit.insuredArea) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(receipts.filter { !$0.isRepeat }.count == 1)
        #expect(Set(receipts.map(\.record)).count == 1)
        #expect(try await fixture.shenzhen.records(of: PlatformFixture.hospital).count == 1)
    }

    @Test("Two cashiers with journals of their own, on two platform instances sharing stores, settle one visit once")
    func twoCashiers() async throws {
        let fixture = try PlatformFixture()
        let first = try await fixture.session(terminal: 1)
        let (visit, _, input) = try await billedVisit(fixture, session: first)
        // A second gateway instance in front of the same platform and stores.
        let secondGateway = BureauGateway(platformArea: PlatformFixture.shenzhenArea, signingKey: fixture.shenzhenKey, partners: fixture.partners,
                                          handler: fixture.shenzhen, nonceStore: fixture.nonceStore, idempotencyStore: fixture.idempotencyStore,
                                          clock: fixture.clock.closure)
        let second = try await fixture.session(transport: InProcessTransport(gateways: [PlatformFixture.shenzhenEndpoint: secondGateway]), terminal: 2)
        let journals = [TemporaryJournal(), TemporaryJournal()]
        defer { journals.forEach { $0.remove() } }
        let desks = [SettlementDesk(session: first, journal: try journals[0].open()), SettlementDesk(session: second, journal: try journals[1].open())]
        let receipts = try await withThrowingTaskGroup(of: SettlementReceipt.self) { group in
            for desk in desks { group.addTask { try await desk.settle(input, insuredArea: visit.insuredArea) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(receipts.filter(\.isRepeat).count == 1)
        #expect(Set(receipts.map(\.record)).count == 1)
        #expect(try await fixture.shenzhen.records(of: PlatformFixture.hospital).count == 1)
    }

    /// Delivers every request after `delay` seconds: a platform slower than a desk's lease.
    private struct SlowTransport: ConnectorTransport {
        let inner: any ConnectorTransport
        let delay: Duration

        func send(_ request: ConnectorHTTPRequest, to endpoint: URL) async throws -> ConnectorHTTPResponse {
            try await Task.sleep(for: delay)
            return try await inner.send(request, to: endpoint)
        }
    }

    @Test("A desk whose settlement outlasts its lease renews it: a second press after the first lease would have lapsed waits and gets a repeat")
    func leaseRenewedWhileDriving() async throws {
        let fixture = try PlatformFixture()
        let (visit, _, input) = try await billedVisit(fixture, session: try await fixture.session())
        let session = try await fixture.session(transport: SlowTransport(inner: fixture.transport, delay: .seconds(6)), terminal: 2)
        let journal = TemporaryJournal()
        defer { journal.remove() }
        // Leases of 2.4 s renewed every 0.8 s (room for a loaded machine), against a platform that
        // answers after 6 s; the second press comes after the first lease would have lapsed and
        // is willing to wait 30 s for the outcome.
        let shared = try journal.open()
        let desk = SettlementDesk(session: session, journal: shared, leaseDuration: 2.4)
        async let first = desk.settle(input, insuredArea: visit.insuredArea)
        try await Task.sleep(for: .seconds(3.5))
        let second = try await SettlementDesk(session: session, journal: shared, leaseDuration: 30).settle(input, insuredArea: visit.insuredArea)
        let firstReceipt = try await first
        #expect(!firstReceipt.isRepeat && second.isRepeat && second.record == firstReceipt.record)
        #expect(try await fixture.shenzhen.records(of: PlatformFixture.hospital).count == 1)
    }

    @Test("A settlement reversed is reversed once: a second 2208, a 2601 of the 2207 and of a reversal record pay nothing back")
    func reverseOnce() async throws {
        let fixture = try PlatformFixture()
        let session = try await fixture.session()
        let (visit, _, input) = try await billedVisit(fixture, session: session)
        let journal = TemporaryJournal()
        defer { journal.remove() }
        let desk = SettlementDesk(session: session, journal: try journal.open())
        let settled = try await desk.settle(input, insuredArea: visit.insuredArea).record.info
        let reversal = try await desk.reverse(settled, insuredArea: visit.insuredArea)
        let balance = try Yuan("1200.00")
        #expect(try await fixture.shenzhen.person(visit.personNumber)?.insurance[0].personalAccount == balance)
        #expect(try await fixture.shenzhen.person(visit.personNumber)?.insurance[0].fundUsed == .zero)

        // The same desk again: the journal answers; another desk: the platform answers already-reversed with the record.
        #expect(try await desk.reverse(settled, insuredArea: visit.insuredArea).isRepeat)
        let other = TemporaryJournal()
        defer { other.remove() }
        let again = try await SettlementDesk(session: session, journal: try other.open()).reverse(settled, insuredArea: visit.insuredArea)
        #expect(again.isRepeat && again.record == reversal.record)
        // 2208 of the reversal record itself is not possible.
        await #expect(throws: ConnectorError(.notReversible, "")) {
            try await SettlementDesk(session: session, journal: try other.open()).reverse(reversal.record.info, insuredArea: visit.insuredArea)
        }
        // 2601 of the settling message after its 2208: already reversed.
        let reversalInput = MessageReversalInput(personNumber: visit.personNumber, originalMessageID: try MessageID(try #require(settled.institutionSettlementID)),
                                                 originalTransaction: .settlement)
        let envelope = session.envelope(.messageReversal, input: reversalInput.json, insuredArea: visit.insuredArea, messageID: try await session.connector.messageIDs.next())
        let answer = try await session.connector.transmit(envelope)
        #expect(answer.error?.code == .alreadyReversed)
        #expect(try await fixture.shenzhen.person(visit.personNumber)?.insurance[0].personalAccount == balance)
        #expect(try await fixture.shenzhen.person(visit.personNumber)?.insurance[0].fundUsed == .zero)
        #expect(try await fixture.shenzhen.records(of: PlatformFixture.hospital).count == 2)
    }

    @Test("A refund of a line never billed, of more units than billed, of none, or of a line named twice is refused before anything is sent")
    func refundValidation() async throws {
        let fixture = try PlatformFixture()
        let session = try await fixture.session()
        let (visit, lines, input) = try await billedVisit(fixture, session: session)
        let journal = TemporaryJournal()
        defer { journal.remove() }
        let desk = SettlementDesk(session: session, journal: try journal.open())
        let settled = try await desk.settle(input, insuredArea: visit.insuredArea).record.info
        let invalid: [[RefundRequest.Line]] = [
            [.init(serialNumber: "B9-1", quantity: try FeeQuantity("1"))],
            [.init(serialNumber: "B1-3", quantity: try FeeQuantity("4"))],
            [.init(serialNumber: "B1-3", quantity: try FeeQuantity("0"))],
            [.init(serialNumber: "B1-3", quantity: try FeeQuantity("1")), .init(serialNumber: "B1-3", quantity: try FeeQuantity("1"))],
            [],
        ]
        for refunds in invalid {
            #expect(throws: ConnectorError(.invalidRefund, "")) {
                try RefundRequest(settlementInput: input, settlement: settled, billedLines: lines, refunds: refunds, newChargeBatch: "B2")
            }
        }
        #expect(throws: ConnectorError(.invalidAmount, "")) { try FeeQuantity("-1") }
        #expect(try await fixture.shenzhen.records(of: PlatformFixture.hospital).count == 1)

        // A valid refund of one box: the whole settlement reversed, the rest settled again.
        let refund = try RefundRequest(settlementInput: input, settlement: settled, billedLines: lines,
                                       refunds: [.init(serialNumber: "B1-3", quantity: try FeeQuantity("1"))], newChargeBatch: "B2")
        let receipt = try await desk.refund(refund, insuredArea: visit.insuredArea)
        let resettled = try #require(receipt.resettlement).record.info
        #expect(resettled.total == (try Yuan("142.00")))
        #expect(try await fixture.shenzhen.records(of: PlatformFixture.hospital).count == 3)
        // Running it again (a crash after the last step) pays nothing more.
        let repeated = try await desk.refund(refund, insuredArea: visit.insuredArea)
        #expect(repeated.reversal.isRepeat && repeated.resettlement?.isRepeat == true)
        #expect(try await fixture.shenzhen.records(of: PlatformFixture.hospital).count == 3)
        let account = try #require(try await fixture.shenzhen.person(visit.personNumber)?.insurance[0].personalAccount)
        #expect(account == (try Yuan("1200.00").subtracting(resettled.personalAccount)))
    }

    @Test("One message id reused for another transaction is a conflict, not a replay of the other answer")
    func messageIDOnAnotherTransaction() async throws {
        let fixture = try PlatformFixture()
        let session = try await fixture.session()
        let (visit, _, input) = try await billedVisit(fixture, session: session)
        let id = try await session.connector.messageIDs.next()
        let settled = try await session.connector.transmit(session.envelope(.settlement, input: input.json, insuredArea: visit.insuredArea, messageID: id))
        #expect(settled.isSuccess)
        let info = try SettlementResult(jsonValue: settled.output).info
        let reversal = SettlementReversalInput(settlementID: try #require(info.settlementID), visitID: visit.visitID, personNumber: visit.personNumber)
        await #expect(throws: ConnectorError(.idempotencyConflict, "")) {
            try await session.connector.transmit(session.envelope(.settlementReversal, input: reversal.json, insuredArea: visit.insuredArea, messageID: id))
        }
        // The same id, transaction and input again: the stored answer, byte for byte.
        let again = try await session.connector.transmit(session.envelope(.settlement, input: input.json, insuredArea: visit.insuredArea, messageID: id))
        #expect(again == settled)
        #expect(try await fixture.shenzhen.records(of: PlatformFixture.hospital).count == 1)
    }

    @Test("Amounts that overflow are typed errors in every message and sum, never a trap")
    func overflowingAmounts() async throws {
        #expect(throws: ConnectorError(.invalidAmount, "")) { try Yuan("100000000000000.00") }
        #expect(throws: ConnectorError(.invalidAmount, "")) { try Yuan(fen: .max) }
        #expect(throws: ConnectorError(.invalidAmount, "")) { try Yuan("99999999999999.99").adding(Yuan("0.01")) }
        #expect(throws: ConnectorError(.invalidAmount, "")) { try Yuan.sum(Array(repeating: Yuan("99999999999999.99"), count: 3)) }
        #expect(throws: ConnectorError(.invalidAmount, "")) { try UnitPrice("9999999999.999999").total(for: FeeQuantity("999999999999.9999")) }
        #expect(throws: ConnectorError(.invalidAmount, "")) { try Yuan("-99999999999999.99").subtracting(Yuan("1")) }
        #expect(try Yuan("-99999999999999.99").negated == (try Yuan("99999999999999.99")))

        // A signed 2204 with a line of absurd quantity and price gets a typed refusal from the platform.
        let fixture = try PlatformFixture()
        let session = try await fixture.session()
        let visit = try await OutpatientVisit.open(session, credential: .identityCard(fixture.wang.idNumber), outpatientNumber: "MZ9", at: fixture.clock.now)
        let line = try #require(try visit.lines("B1", [(ServiceCatalogue.Codes.consultation, "1", "30")], at: fixture.clock.now).first)
        var json = try #require(FeeDetailUpload(lines: [line]).json.objectValue)
        var row = try #require(json["feedetail"]?.arrayValue?.first?.objectValue)
        for (name, value) in [("cnt", "999999999999.9999"), ("pric", "9999999999.999999"), ("det_item_fee_sumamt", "99999999999999.99")] {
            row[name] = .number(try #require(JSONNumber(text: value)))
        }
        json["feedetail"] = .array([.object(row)])
        let answer = try await session.connector.transmit(session.envelope(.feeDetailUpload, input: .object(json), insuredArea: visit.insuredArea,
                                                                           messageID: try await session.connector.messageIDs.next()))
        #expect(answer.error?.code == .invalidAmount, "\(answer)")
        for text in ["1e400", "12.345", "１２", "0x10", "--1", "1.", "", "9223372036854775808"] {
            #expect(throws: ConnectorError(.invalidAmount, "")) { try Yuan(text) }
        }
    }

    @Test("A patient is routed by the place of insurance: born in Chengdu, insured in Shenzhen, settled in Shenzhen; insured in Chengdu, settled across provinces")
    func crossProvince() async throws {
        let fixture = try PlatformFixture()
        let session = try await fixture.session()
        let journal = TemporaryJournal()
        defer { journal.remove() }
        let desk = SettlementDesk(session: session, journal: try journal.open())

        let (wangVisit, _, wangInput) = try await billedVisit(fixture, session: session)
        let wangReceipt = try await desk.settle(wangInput, insuredArea: wangVisit.insuredArea)
        #expect(wangReceipt.record.info.clearingAgency == PlatformFixture.shenzhenArea)
        #expect(try await fixture.chengdu.records(of: PlatformFixture.relayCode).isEmpty)

        let token = try fixture.registry.issueVoucher(for: fixture.liu.idNumber)
        let liuVisit = try await OutpatientVisit.open(session, credential: .electronicVoucher(token), outpatientNumber: "MZ002", at: fixture.clock.now)
        #expect(liuVisit.insuredArea == PlatformFixture.chengduArea)
        let liuLines = try liuVisit.lines("B1", OutpatientVisit.usualBill, at: fixture.clock.now)
        _ = try await liuVisit.upload(liuLines)
        let liuReceipt = try await desk.settle(try await liuVisit.settlementInput(liuLines), insuredArea: liuVisit.insuredArea)
        // The money moved at Chengdu, where she is insured; Shenzhen keeps the record to reconcile.
        #expect(liuReceipt.record.info.clearingAgency == PlatformFixture.chengduArea)
        #expect(try await fixture.chengdu.person(fixture.liu.personNumber)?.insurance[0].personalAccount == (try Yuan("430.47")))
        #expect(try await fixture.chengdu.records(of: PlatformFixture.relayCode).count == 1)
        #expect(try await fixture.shenzhen.records(of: PlatformFixture.hospital).count == 2)

        let today = ReconciliationPeriod(day: CalendarDate.today(now: fixture.clock.now))
        for area in [PlatformFixture.shenzhenArea, PlatformFixture.chengduArea] {
            let report = try await desk.reconcile(today, insuranceType: .employeeBasic, settlementAgency: area)
            #expect(report.isBalanced, "\(area): \(report)")
            #expect(report.details.rows.count == 1)
        }
    }

    @Test("A channel service serving many areas routes each message by the place of insurance through its directory")
    func channelService() async throws {
        let fixture = try PlatformFixture()
        let wallet = try InstitutionCode("W11000000001")
        let walletKey = ConnectorSigningKey(try SigningKey(generating: .es256))
        let partners = PartnerRegistry([.init(institution: wallet, keys: ConnectorKeySet([walletKey.key.publicKey]))])
        var platforms: [ConnectorDirectory.Platform] = []
        var gateways: [URL: BureauGateway] = [:]
        for (area, endpoint, handler) in [(PlatformFixture.shenzhenArea, PlatformFixture.shenzhenEndpoint, fixture.shenzhen),
                                          (PlatformFixture.chengduArea, PlatformFixture.chengduEndpoint, fixture.chengdu)] {
            let key = ConnectorSigningKey(try SigningKey(generating: .sm2))
            gateways[endpoint] = BureauGateway(platformArea: area, signingKey: key, partners: partners, handler: handler, nonceStore: InMemoryNonceStore(),
                                               idempotencyStore: InMemoryIdempotencyStore(), clock: fixture.clock.closure)
            platforms.append(.init(area: area, endpoint: endpoint, keys: ConnectorKeySet([key.key.publicKey])))
        }
        let connector = try ProvincialConnector(institution: wallet, institutionName: "某医保钱包", treatmentArea: PlatformFixture.shenzhenArea,
                                                signingKey: walletKey, directory: ConnectorDirectory(platforms), routing: .placeOfInsurance,
                                                transport: InProcessTransport(gateways: gateways), clock: fixture.clock.closure, sleep: { _ in })
        // Each area's platform has its own sign-in; each patient is asked of the platform that insures them.
        let chengdu = try await connector.signIn(PlatformFixture.clerk, macAddress: "m", ipAddress: "i", at: PlatformFixture.chengduArea)
        let shenzhen = try await connector.signIn(PlatformFixture.clerk, macAddress: "m", ipAddress: "i", at: PlatformFixture.shenzhenArea)
        let liu = try await chengdu.personInfo(PersonInfoQuery(credential: .identityCard(fixture.liu.idNumber)), insuredArea: PlatformFixture.chengduArea)
        let wang = try await shenzhen.personInfo(PersonInfoQuery(credential: .identityCard(fixture.wang.idNumber)), insuredArea: PlatformFixture.shenzhenArea)
        #expect(liu.activeInsurance()?.insuredArea == PlatformFixture.chengduArea && wang.activeInsurance()?.insuredArea == PlatformFixture.shenzhenArea)
        // Chengdu's platform does not insure 王建国, whatever his identity number says, and names
        // the area that does.
        await #expect(throws: ConnectorError(.insuredAreaNotConnected, "")) {
            try await chengdu.personInfo(PersonInfoQuery(credential: .identityCard(fixture.wang.idNumber)), insuredArea: PlatformFixture.chengduArea)
        }
        // An area without an entry fails before anything is sent, and so does a message without an area.
        await #expect(throws: ConnectorError(.unknownArea, "")) {
            try await connector.signIn(PlatformFixture.clerk, macAddress: "m", ipAddress: "i", at: PlatformFixture.haikouArea)
        }
        await #expect(throws: ConnectorError(.unknownArea, "")) {
            try await chengdu.personInfo(PersonInfoQuery(credential: .identityCard(fixture.liu.idNumber)))
        }
    }

    @Test("A patient insured in an area that is not connected is refused with the reason, and nothing is recorded")
    func unconnectedArea() async throws {
        let fixture = try PlatformFixture()
        let session = try await fixture.session()
        await #expect(throws: ConnectorError(.insuredAreaNotConnected, "")) {
            try await session.personInfo(PersonInfoQuery(credential: .identityCard(fixture.chenID)))
        }
        do {
            _ = try await session.personInfo(PersonInfoQuery(credential: .identityCard(fixture.chenID)))
        } catch let error as ConnectorError {
            #expect(error.reason.contains("460100"), "\(error.reason)")
            #expect(error.isVerified)
        }
        let stranger = try PlatformFixture.number("440305", "19800101", 77)
        await #expect(throws: ConnectorError(.notFound, "")) { try await session.personInfo(PersonInfoQuery(credential: .identityCard(stranger))) }
    }
}
