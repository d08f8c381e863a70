import Foundation
import IDCore
import SocialSecurity

/// The state of one simulated platform, as a value: operator sessions, people and their
/// accounts, visits, fee lines, settlements and their reversal records, and what every message
/// did. Each operation checks everything first and changes the state after, so one that throws
/// leaves it as it was; ``SimulatedPlatform`` runs them one at a time.
///
/// The rules are the national interface's, as Documentation/ConnectorProtocol.md §7 states them:
///
/// - A visit's charge batch settles once (business key: partner, visit, batch).
/// - A settlement is reversed whole, once (2208); its lines become unsettled again, to be
///   withdrawn (2205) or settled anew. A reversal record cannot itself be reversed by 2208.
/// - A message is reversed by its id (2601): a registration with nothing settled, an upload
///   whose lines are unsettled, a settlement not yet reversed (voided: as if it never
///   happened), a 2208 whose settlement can be put back as it was. Its id is then fenced: the
///   message never takes effect, however late it arrives. A settlement (or reversal record)
///   that was reported to another message, as `already-settled` or `already-reversed`, is no
///   longer voided by a 2601: someone else holds it.
/// - Each message's effect is recorded with its id, so a message run again (a lapsed claim)
///   answers what it did the first time.
struct PlatformLedger {
    struct Visit {
        let partner: String
        let personNumber: String
        let insuranceType: InsuranceType
        let outpatientNumber: String
        var cancelled = false
        var information: VisitInformation?
    }

    enum LineState: Equatable {
        case unsettled
        case settled(String)
        case withdrawn
    }

    struct Line {
        let detail: FeeDetail
        let classification: FeeDetailUploadResult.Line
        var state: LineState
    }

    enum SettlementState: Equatable {
        case settled
        /// Reversed by 2208, with its reversal record's id.
        case reversed(String)
        /// Undone by 2601.
        case voided
    }

    struct Settlement {
        let partner: String
        let chargeBatch: String
        let personIndex: (person: String, insurance: Int)
        var result: SettlementResult
        var state: SettlementState
        /// Whether another message was answered with this settlement (`already-settled`), or
        /// with its reversal record (`already-reversed`): someone else holds the record, so a
        /// 2601 of the message that made it may no longer undo it.
        var isShared = false
        var isReversalShared = false
    }

    /// A settlement record as reconciliation sees it: a settlement or a reversal record, here
    /// or relayed to the insured area's platform.
    struct Record {
        let partner: String
        let info: SettlementInfo
        let messageID: String
        var isVoided = false
    }

    /// What a message did, so that it can be answered again and reversed.
    struct Effect {
        enum Change {
            /// A sign-in, a sign-out, a 2601: nothing to undo.
            case administrative
            case visit(String)
            case lines(visit: String, serials: [String])
            case withdrawnLines(visit: String, serials: [String])
            case settlement(String)
            case reversal(original: String, record: String)
            case relayed(JSONValue)
        }

        let transaction: InterfaceTransaction
        let change: Change
        let output: JSONValue
    }

    let area: InsuranceArea
    private(set) var people: [String: InsuredPerson] = [:]
    private var personByID: [String: String] = [:]
    private var sessions: [String: (partner: String, operatorCode: String, open: Bool)] = [:]
    private var visits: [String: Visit] = [:]
    private var visitByOutpatientNumber: [String: String] = [:]
    private var lines: [String: [String: Line]] = [:]
    private var settlements: [String: Settlement] = [:]
    private var settlementByBatch: [String: String] = [:]
    private(set) var records: [String: Record] = [:]
    private var effects: [String: Effect] = [:]
    private var fences: [String: String] = [:]
    private var sequence = 0

    init(area: InsuranceArea, people: [InsuredPerson]) {
        self.area = area
        for person in people { add(person) }
    }

    mutating func add(_ person: InsuredPerson) {
        people[person.personNumber] = person
        personByID[person.idNumber.fullNumber] = person.personNumber
    }

    // MARK: Messages

    private static func key(_ partner: String, _ messageID: String) -> String { "\(partner)\u{0}\(messageID)" }

    /// The output a message produced before, when it is run again; `message-reversed` for a
    /// message a 2601 fenced.
    func earlierOutput(of context: InterfaceContext) throws -> JSONValue? {
        let key = Self.key(context.partner.code, context.request.messageID.text)
        if fences[key] != nil {
            throw ConnectorError(.messageReversed, "Message \(context.request.messageID) was reversed by 2601; it will not take effect.")
        }
        return effects[key]?.output
    }

    private mutating func record(_ context: InterfaceContext, _ change: Effect.Change, output: JSONValue) {
        effects[Self.key(context.partner.code, context.request.messageID.text)] = Effect(transaction: context.request.transaction, change: change, output: output)
    }

    private mutating func nextID(_ prefix: String) -> String {
        sequence += 1
        return prefix + area.code + String(sequence, zeroPaddedTo: 12)
    }

    // MARK: Sessions

    mutating func signIn(_ input: SignInInput, context: InterfaceContext) -> SignInOutput {
        let number = area.code + ChinaTime(context.receivedAt).compact.prefix(8) + String(sequence + 1, zeroPaddedTo: 8)
        sequence += 1
        sessions[number] = (context.partner.code, input.operatorCode, true)
        let output = SignInOutput(signedInAt: context.receivedAt, signInNumber: number)
        record(context, .administrative, output: output.json)
        return output
    }

    mutating func signOut(_ input: SignOutInput, context: InterfaceContext) throws -> SignOutOutput {
        try checkSignIn(context)
        guard input.signInNumber == context.request.signInNumber else {
            throw ConnectorError(.notSignedIn, "An operator signs out their own sign-in.")
        }
        sessions[input.signInNumber]?.open = false
        let output = SignOutOutput(signedOutAt: context.receivedAt)
        record(context, .administrative, output: output.json)
        return output
    }

    /// The message's `sign_no` is an open sign-in of its partner and operator.
    func checkSignIn(_ context: InterfaceContext) throws {
        guard let number = context.request.signInNumber, let session = sessions[number], session.open,
              session.partner == context.partner.code, session.operatorCode == context.request.operatorCode
        else {
            throw ConnectorError(.notSignedIn, "sign_no is not an open sign-in of operator \(context.request.operatorCode) at \(context.partner); sign in (9001) first.")
        }
    }

    // MARK: People

    /// The person behind a credential, by the identity number it resolves to.
    func person(identifiedBy idNumber: ResidentIDNumber) throws -> InsuredPerson {
        guard let number = personByID[idNumber.fullNumber], let person = people[number] else {
            throw ConnectorError(.notFound, "This platform insures no person with identity number \(idNumber).")
        }
        return person
    }

    func person(_ personNumber: String) throws -> InsuredPerson {
        guard let person = people[personNumber] else { throw ConnectorError(.notFound, "This platform knows no person \(personNumber).") }
        return person
    }

    func personInfo(_ person: InsuredPerson) -> PersonInfo {
        PersonInfo(
            person: .init(personNumber: person.personNumber, certificateType: .residentIdentityCard, certificateNumber: CertificateNumber(person.idNumber),
                          name: person.name, gender: person.idNumber.sex == .male ? .male : .female, ethnicityCode: nil, birthDate: person.idNumber.birthDate),
            insurance: person.insurance.map {
                .init(balance: $0.personalAccount, insuranceType: $0.type, personType: "11", status: $0.status, insuredSince: $0.insuredSince,
                      insuredArea: area, employer: $0.employer)
            }
        )
    }

    // MARK: Visits

    mutating func register(_ input: RegistrationInput, person: InsuredPerson, context: InterfaceContext) throws -> RegistrationOutput {
        _ = try person.activeInsurance(input.insuranceType)
        let partner = context.partner.code
        // The institution's outpatient number is the registration's business key.
        if let existing = visitByOutpatientNumber[Self.key(partner, input.outpatientNumber)], let visit = visits[existing] {
            guard visit.personNumber == input.personNumber, !visit.cancelled else {
                throw ConnectorError(.idempotencyConflict, "Outpatient number \(input.outpatientNumber) is another visit's.")
            }
            return RegistrationOutput(visitID: existing, personNumber: visit.personNumber, outpatientNumber: visit.outpatientNumber)
        }
        let id = nextID("V")
        visits[id] = Visit(partner: partner, personNumber: input.personNumber, insuranceType: input.insuranceType, outpatientNumber: input.outpatientNumber)
        visitByOutpatientNumber[Self.key(partner, input.outpatientNumber)] = id
        let output = RegistrationOutput(visitID: id, personNumber: input.personNumber, outpatientNumber: input.outpatientNumber)
        record(context, .visit(id), output: output.json)
        return output
    }

    /// A visit of the partner and person, not cancelled.
    private func visit(_ id: String, partner: String, person: String) throws -> Visit {
        guard let visit = visits[id], visit.partner == partner, visit.personNumber == person, !visit.cancelled else {
            throw ConnectorError(.notFound, "Visit \(id) is not an open visit of person \(person) at \(partner).")
        }
        return visit
    }

    mutating func cancelRegistration(_ input: RegistrationCancellation, context: InterfaceContext) throws -> EmptyOutput {
        _ = try visit(input.visitID, partner: context.partner.code, person: input.personNumber)
        try cancelVisit(input.visitID)
        record(context, .visit(input.visitID), output: EmptyOutput().json)
        return EmptyOutput()
    }

    private mutating func cancelVisit(_ id: String) throws {
        guard !(lines[id] ?? [:]).values.contains(where: { if case .settled = $0.state { true } else { false } }) else {
            throw ConnectorError(.notReversible, "Visit \(id) has settled lines; reverse the settlement (2208) first.")
        }
        visits[id]?.cancelled = true
        for serial in (lines[id] ?? [:]).keys { lines[id]?[serial]?.state = .withdrawn }
    }

    mutating func recordVisit(_ input: VisitInformation, context: InterfaceContext) throws -> EmptyOutput {
        _ = try visit(input.visitID, partner: context.partner.code, person: input.personNumber)
        visits[input.visitID]?.information = input
        record(context, .visit(input.visitID), output: EmptyOutput().json)
        return EmptyOutput()
    }

    // MARK: Fee lines

    mutating func uploadFeeDetails(_ input: FeeDetailUpload, catalogue: ServiceCatalogue, context: InterfaceContext) throws -> FeeDetailUploadResult {
        guard let first = input.lines.first else { throw ConnectorError(.malformedRequest, "An upload has at least one fee line.") }
        let partner = context.partner.code
        var classified: [FeeDetailUploadResult.Line] = []
        var serials = Set<String>()
        for line in input.lines {
            guard line.visitID == first.visitID else { throw ConnectorError(.malformedRequest, "One upload carries the lines of one visit.") }
            _ = try visit(line.visitID, partner: partner, person: line.personNumber)
            guard lines[line.visitID]?[line.serialNumber] == nil, serials.insert(line.serialNumber).inserted else {
                throw ConnectorError(.duplicateFeeDetail, "Fee line \(line.serialNumber) is already in visit \(line.visitID).")
            }
            guard settlementByBatch[Self.batchKey(partner, line.visitID, line.chargeBatch)] == nil else {
                throw ConnectorError(.alreadySettled, "Batch \(line.chargeBatch) of visit \(line.visitID) is settled; upload new lines in a new batch.")
            }
            guard line.chargeBatch != FeeDetailCancellation.allUnsettledBatches else {
                throw ConnectorError(.malformedRequest, "Batch number 0000 means every batch and cannot name one.")
            }
            let expected = try line.unitPrice.total(for: line.quantity)
            guard line.total == expected else {
                throw ConnectorError(.amountMismatch, "Fee line \(line.serialNumber) states \(line.total); \(line.quantity) × \(line.unitPrice) is \(expected).")
            }
            guard !line.quantity.isZero else { throw ConnectorError(.invalidAmount, "Fee line \(line.serialNumber) has a quantity of zero.") }
            classified.append(try Self.classify(line, as: catalogue.item(line.catalogueCode)))
        }
        for (line, classification) in zip(input.lines, classified) {
            lines[line.visitID, default: [:]][line.serialNumber] = Line(detail: line, classification: classification, state: .unsettled)
        }
        let output = FeeDetailUploadResult(lines: classified)
        record(context, .lines(visit: first.visitID, serials: input.lines.map(\.serialNumber)), output: output.json)
        return output
    }

    /// How much of a line the fund may consider: class A all of it, class B all but the share
    /// paid first, class C none.
    private static func classify(_ line: FeeDetail, as item: ServiceCatalogue.Item) throws -> FeeDetailUploadResult.Line {
        let (fullyOwnPay, preSelfPay): (Yuan, Yuan) = switch item.level {
        case .selfPaid: (line.total, .zero)
        case .classB: (.zero, try line.total.multiplied(by: item.selfPayProportion))
        default: (.zero, .zero)
        }
        return FeeDetailUploadResult.Line(
            serialNumber: line.serialNumber, total: line.total, quantity: line.quantity, unitPrice: line.unitPrice,
            selfPayProportion: item.level == .classB ? item.selfPayProportion : nil, fullyOwnPay: fullyOwnPay, overLimit: .zero,
            preSelfPay: preSelfPay, withinPolicy: try line.total.subtracting(fullyOwnPay).subtracting(preSelfPay),
            chargeItemLevel: item.level, chargeItemType: item.type)
    }

    mutating func cancelFeeDetails(_ input: FeeDetailCancellation, context: InterfaceContext) throws -> EmptyOutput {
        _ = try visit(input.visitID, partner: context.partner.code, person: input.personNumber)
        let all = input.chargeBatch == FeeDetailCancellation.allUnsettledBatches
        let batch = (lines[input.visitID] ?? [:]).filter { all || $0.value.detail.chargeBatch == input.chargeBatch }
        guard all || !batch.values.contains(where: { if case .settled = $0.state { true } else { false } }) else {
            throw ConnectorError(.notReversible, "Batch \(input.chargeBatch) is settled; reverse the settlement (2208) first.")
        }
        let serials = batch.filter { $0.value.state == .unsettled }.keys.sorted()
        guard !serials.isEmpty else { throw ConnectorError(.nothingToSettle, "Visit \(input.visitID) has no unsettled lines in batch \(input.chargeBatch).") }
        for serial in serials { lines[input.visitID]?[serial]?.state = .withdrawn }
        record(context, .withdrawnLines(visit: input.visitID, serials: serials), output: EmptyOutput().json)
        return EmptyOutput()
    }

    // MARK: Settlements

    private static func batchKey(_ partner: String, _ visit: String, _ batch: String) -> String { "\(partner)\u{0}\(visit)\u{0}\(batch)" }

    /// What settling the batch would pay, and the lines it would settle: 2206, and the first
    /// half of 2207.
    func price(_ input: SettlementInput, policy: OutpatientPolicy, context: InterfaceContext) throws -> (result: SettlementResult, lines: [String], insurance: Int) {
        let partner = context.partner.code
        let visit = try visit(input.visitID, partner: partner, person: input.personNumber)
        guard visit.insuranceType == input.insuranceType else {
            throw ConnectorError(.malformedRequest, "Visit \(input.visitID) was registered under \(visit.insuranceType), not \(input.insuranceType).")
        }
        let batch = (lines[input.visitID] ?? [:]).values.filter { $0.detail.chargeBatch == input.chargeBatch && $0.state == .unsettled }
            .sorted { $0.detail.serialNumber < $1.detail.serialNumber }
        guard !batch.isEmpty else { throw ConnectorError(.nothingToSettle, "Batch \(input.chargeBatch) of visit \(input.visitID) has no unsettled lines.") }
        let total = try Yuan.sum(batch.map(\.detail.total))
        guard total == input.total else {
            throw ConnectorError(.amountMismatch, "medfee_sumamt is \(input.total); the batch's lines add up to \(total).")
        }
        let person = try person(input.personNumber)
        let index = try person.activeInsurance(input.insuranceType)
        let insurance = person.insurance[index]
        let classes = batch.map(\.classification)
        let withinPolicy = try Yuan.sum(classes.map(\.withinPolicy))
        let wanted = try withinPolicy.multiplied(by: policy.rate(for: input.insuranceType))
        let pooled = min(wanted, max(.zero, try insurance.fundLimit.subtracting(insurance.fundUsed)))
        let rest = try total.subtracting(pooled)
        let account = input.usesPersonalAccount && policy.personalAccountSchemes.contains(input.insuranceType) ? min(insurance.personalAccount, rest) : .zero
        let info = try SettlementInfo(
            visitID: input.visitID, settlementID: nil, personNumber: person.personNumber, personName: person.name, insuranceType: input.insuranceType,
            medicalType: input.medicalType, settledAt: context.receivedAt, total: total, fullyOwnPay: Yuan.sum(classes.map(\.fullyOwnPay)),
            preSelfPay: Yuan.sum(classes.map(\.preSelfPay)), withinPolicy: withinPolicy, funds: FundPayments(pooledFund: pooled),
            pooledFundProportion: try policy.rate(for: input.insuranceType), personalAccount: account, cash: rest.subtracting(account),
            balance: insurance.personalAccount.subtracting(account), institutionSettlementID: nil, clearingAgency: area, clearingType: .outpatient)
        let shares = policy.pooledFunds[input.insuranceType].map { [FundShare(type: $0, withinPolicy: withinPolicy, amount: pooled)] } ?? []
        return (SettlementResult(info: info, fundShares: shares), batch.map(\.detail.serialNumber), index)
    }

    mutating func settle(_ input: SettlementInput, policy: OutpatientPolicy, context: InterfaceContext) throws -> SettlementOutcome {
        let partner = context.partner.code
        if let existing = settlementByBatch[Self.batchKey(partner, input.visitID, input.chargeBatch)], let settlement = settlements[existing] {
            settlements[existing]?.isShared = true
            return .alreadySettled(settlement.result)
        }
        let (price, serials, insurance) = try price(input, policy: policy, context: context)
        if let repeated = input.preSettled, repeated != SettlementInput.PreSettledAmounts(price.info) {
            throw ConnectorError(.amountMismatch, "The amounts repeated from the pre-settlement are not what the batch comes to now; price it again (2206).")
        }
        let id = nextID("S")
        let messageID = context.request.messageID.text
        let result = SettlementResult(info: try price.info.settled(settlementID: id, at: context.receivedAt, balance: price.info.balance,
                                                                   institutionSettlementID: messageID), fundShares: price.fundShares)
        try move(result.info, person: input.personNumber, insurance: insurance, paying: true)
        for serial in serials { lines[input.visitID]?[serial]?.state = .settled(id) }
        settlements[id] = Settlement(partner: partner, chargeBatch: input.chargeBatch, personIndex: (input.personNumber, insurance), result: result, state: .settled)
        settlementByBatch[Self.batchKey(partner, input.visitID, input.chargeBatch)] = id
        records[id] = Record(partner: partner, info: result.info, messageID: messageID)
        record(context, .settlement(id), output: result.json)
        return .settled(result)
    }

    /// Debits (or, `paying` false, credits back) the personal account and the fund's use.
    private mutating func move(_ info: SettlementInfo, person: String, insurance: Int, paying: Bool) throws {
        guard var record = people[person]?.insurance[insurance] else { throw ConnectorError(.notFound, "Person \(person) has gone from the platform.") }
        let account = paying ? info.personalAccount : info.personalAccount.negated
        let fund = paying ? info.funds.pooledFund : info.funds.pooledFund.negated
        record.personalAccount = try record.personalAccount.subtracting(account)
        record.fundUsed = try record.fundUsed.adding(fund)
        guard record.personalAccount >= .zero else {
            throw ConnectorError(.insufficientBalance, "The personal account holds less than its share of \(info.personalAccount).")
        }
        guard record.fundUsed >= .zero, record.fundUsed <= record.fundLimit else {
            throw ConnectorError(.amountMismatch, "The fund's use this year would leave 0 to \(record.fundLimit).")
        }
        people[person]?.insurance[insurance] = record
    }

    mutating func reverseSettlement(_ input: SettlementReversalInput, context: InterfaceContext) throws -> ReversalOutcome {
        let partner = context.partner.code
        guard var settlement = settlements[input.settlementID], settlement.partner == partner, settlement.result.info.visitID == input.visitID,
              settlement.result.info.personNumber == input.personNumber
        else {
            let isRecord = records[input.settlementID].map { $0.partner == partner && $0.info.isReversal } ?? false
            throw isRecord ? ConnectorError(.notReversible, "\(input.settlementID) is a reversal record; it cannot be reversed.")
                           : ConnectorError(.notFound, "Settlement \(input.settlementID) of visit \(input.visitID) is not one of \(partner)'s.")
        }
        switch settlement.state {
        case .reversed(let recordID):
            settlements[input.settlementID]?.isReversalShared = true
            return .alreadyReversed(SettlementResult(info: records[recordID]?.info ?? settlement.result.info, fundShares: settlement.result.fundShares.map(\.negated)))
        case .voided:
            throw ConnectorError(.notFound, "Settlement \(input.settlementID) was undone by 2601; there is nothing to reverse.")
        case .settled:
            break
        }
        let recordID = nextID("R")
        let original = settlement.result.info
        let person = try person(input.personNumber)
        let balanceAfter = try person.insurance[settlement.personIndex.insurance].personalAccount.adding(original.personalAccount)
        let reversal = SettlementResult(info: try original.reversal(settlementID: recordID, at: context.receivedAt, balance: balanceAfter,
                                                                    institutionSettlementID: context.request.messageID.text),
                                        fundShares: settlement.result.fundShares.map(\.negated))
        try move(original, person: input.personNumber, insurance: settlement.personIndex.insurance, paying: false)
        releaseLines(of: input.settlementID, visit: input.visitID)
        settlement.state = .reversed(recordID)
        settlements[input.settlementID] = settlement
        settlementByBatch[Self.batchKey(partner, input.visitID, settlement.chargeBatch)] = nil
        records[recordID] = Record(partner: partner, info: reversal.info, messageID: context.request.messageID.text)
        record(context, .reversal(original: input.settlementID, record: recordID), output: reversal.json)
        return .reversed(reversal)
    }

    /// The settlement's lines, unsettled again.
    private mutating func releaseLines(of settlementID: String, visit: String) {
        for (serial, line) in lines[visit] ?? [:] where line.state == .settled(settlementID) { lines[visit]?[serial]?.state = .unsettled }
    }

    // MARK: Reversing messages

    /// 2601: undoes what `original` did and fences its id. Called again by the same 2601, it
    /// answers the same; another 2601 of the same message is `already-reversed`.
    mutating func reverseMessage(_ original: MessageID, transaction: InterfaceTransaction, context: InterfaceContext) throws {
        let partner = context.partner.code
        let key = Self.key(partner, original.text)
        if let by = fences[key] {
            guard by == context.request.messageID.text else {
                throw ConnectorError(.alreadyReversed, "Message \(original) was reversed before, by \(by).")
            }
            return
        }
        if let effect = effects[key] {
            guard effect.transaction == transaction else {
                throw ConnectorError(.malformedRequest, "Message \(original) was a \(effect.transaction), not a \(transaction).")
            }
            try undo(effect.change, partner: partner)
        }
        fences[key] = context.request.messageID.text
        record(context, .administrative, output: EmptyOutput().json)
    }

    private mutating func undo(_ change: Effect.Change, partner: String) throws {
        switch change {
        case .visit(let id):
            try cancelVisit(id)
        case .lines(let visit, let serials):
            guard serials.allSatisfy({ lines[visit]?[$0]?.state != nil && !Self.isSettled(lines[visit]?[$0]?.state) }) else {
                throw ConnectorError(.notReversible, "Some of these lines are settled; reverse the settlement (2208) first.")
            }
            for serial in serials { lines[visit]?[serial]?.state = .withdrawn }
        case .settlement(let id):
            try void(id, partner: partner)
        case .reversal(let original, let record):
            try reinstate(original, reversedBy: record, partner: partner)
        case .administrative, .withdrawnLines, .relayed:
            throw ConnectorError(.notReversible, "This message cannot be reversed.")
        }
    }

    private static func isSettled(_ state: LineState?) -> Bool {
        if case .settled? = state { true } else { false }
    }

    /// A settlement undone as if it never happened: the money back, the lines unsettled, no
    /// record left to reconcile.
    private mutating func void(_ id: String, partner: String) throws {
        guard var settlement = settlements[id] else { throw ConnectorError(.notFound, "Settlement \(id) is not in the ledger.") }
        guard settlement.state == .settled else {
            throw ConnectorError(.alreadyReversed, "Settlement \(id) was reversed by 2208 before; its money went back then.")
        }
        guard !settlement.isShared else {
            throw ConnectorError(.notReversible, "Settlement \(id) was reported to another message since; it stays, and only a 2208 reverses it.")
        }
        try move(settlement.result.info, person: settlement.personIndex.person, insurance: settlement.personIndex.insurance, paying: false)
        releaseLines(of: id, visit: settlement.result.info.visitID)
        settlement.state = .voided
        settlements[id] = settlement
        settlementByBatch[Self.batchKey(partner, settlement.result.info.visitID, settlement.chargeBatch)] = nil
        records[id]?.isVoided = true
    }

    /// A 2208 undone: the settlement put back as it was, if its batch is still as it left it and
    /// the account can pay its share again.
    private mutating func reinstate(_ id: String, reversedBy recordID: String, partner: String) throws {
        guard var settlement = settlements[id], settlement.state == .reversed(recordID) else {
            throw ConnectorError(.notReversible, "Settlement \(id) is no longer reversed by \(recordID).")
        }
        guard !settlement.isReversalShared else {
            throw ConnectorError(.notReversible, "Reversal record \(recordID) was reported to another message since; it stays.")
        }
        let info = settlement.result.info
        let key = Self.batchKey(partner, info.visitID, settlement.chargeBatch)
        let batch = (lines[info.visitID] ?? [:]).values.filter { $0.detail.chargeBatch == settlement.chargeBatch }
        guard settlementByBatch[key] == nil, !batch.isEmpty, batch.allSatisfy({ $0.state == .unsettled }),
              try Yuan.sum(batch.map(\.detail.total)) == info.total
        else {
            throw ConnectorError(.notReversible, "Batch \(settlement.chargeBatch) changed since settlement \(id) was reversed; settle it anew.")
        }
        try move(info, person: settlement.personIndex.person, insurance: settlement.personIndex.insurance, paying: true)
        for serial in (lines[info.visitID] ?? [:]).keys where lines[info.visitID]?[serial]?.detail.chargeBatch == settlement.chargeBatch {
            lines[info.visitID]?[serial]?.state = .settled(id)
        }
        settlement.state = .settled
        settlements[id] = settlement
        settlementByBatch[key] = id
        records[recordID]?.isVoided = true
    }

    // MARK: Relayed settlements

    /// Records what the insured area's platform settled or reversed for a message relayed there,
    /// so that the institution reconciles it here.
    mutating func mirror(_ result: SettlementResult?, context: InterfaceContext, output: JSONValue) {
        let key = Self.key(context.partner.code, context.request.messageID.text)
        if let result, let id = result.info.settlementID, records[id] == nil {
            // A 2601 relayed while this message was on its way may have fenced it already.
            records[id] = Record(partner: context.partner.code, info: result.info, messageID: context.request.messageID.text, isVoided: fences[key] != nil)
        }
        record(context, .relayed(output), output: output)
    }

    /// A relayed message's records, voided because its 2601 was relayed too.
    mutating func voidMirrored(settledBy messageID: MessageID, partner: String, reversal: MessageID) {
        for (id, record) in records where record.partner == partner && record.messageID == messageID.text { records[id]?.isVoided = true }
        fences[Self.key(partner, messageID.text)] = reversal.text
    }

    // MARK: Reconciliation

    /// The partner's records of a period, scheme, clearing type and agency, not voided, in id order.
    func records(of partner: String, period: ReconciliationPeriod, insuranceType: InsuranceType?, clearingType: ClearingType?,
                 agency: InsuranceArea) -> [Record] {
        records.values.filter {
            $0.partner == partner && !$0.isVoided && $0.info.clearingAgency == agency
                && period.contains(CalendarDate.today(now: $0.info.settledAt, in: CalendarDate.chinaStandardTime))
                && (insuranceType == nil || $0.info.insuranceType == insuranceType) && (clearingType == nil || ($0.info.clearingType ?? .outpatient) == clearingType)
        }.sorted { $0.info.settlementID ?? "" < $1.info.settlementID ?? "" }
    }

    /// The partner's active settlements and live reversal records, for tests and the examples.
    func liveRecords(of partner: String) -> [SettlementInfo] {
        records.values.filter { $0.partner == partner && !$0.isVoided }.map(\.info).sorted { $0.settlementID ?? "" < $1.settlementID ?? "" }
    }
}
