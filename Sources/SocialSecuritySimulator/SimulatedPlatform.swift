import Foundation
import IDCore
import IDCoreTesting
import SocialSecurity

/// A medical-security information platform of one area, simulated in memory: the other party of
/// the tests and the examples, answering the national interface as a real platform does, behind
/// a ``BureauGateway`` like any adapter.
///
/// It keeps the people it insures with their accounts, operator sessions, visits, fee lines and
/// a settlement ledger at the level of fee lines (``PlatformLedger`` states its rules). A
/// message about a patient whose place of insurance is another area is relayed to that area's
/// platform through a ``CrossProvinceRelay``; an area without one answers
/// `insured-area-not-connected`.
///
/// ```swift
/// let registry = NationalInsuranceRegistry()
/// let shenzhen = SimulatedPlatform(area: try InsuranceArea("440300"), people: [wang], registry: registry)
/// let gateway = BureauGateway(platformArea: shenzhen.area, signingKey: key, partners: partners, handler: shenzhen,
///                             nonceStore: InMemoryNonceStore(), idempotencyStore: InMemoryIdempotencyStore())
/// ```
public actor SimulatedPlatform: BureauHandler {
    /// The area the platform serves and insures.
    public nonisolated let area: InsuranceArea
    private var ledger: PlatformLedger
    private let journal: any PlatformJournal
    /// The journal's position of the last change applied to `ledger`.
    private var position: Int64 = 0
    /// Set when a change applied here may be missing from the journal (an append failed after
    /// the decision): the ledger is rebuilt from the journal before it is used again.
    private var needsRebuild = false
    /// The people the platform was made with, where a rebuilt ledger starts.
    private let people: [InsuredPerson]
    private let registry: NationalInsuranceRegistry
    private let catalogue: ServiceCatalogue
    private let policy: OutpatientPolicy
    private let relay: CrossProvinceRelay?

    /// A platform insuring `people`, who are entered in the national `registry` as insured here;
    /// messages about patients insured elsewhere go through `relay`, or are refused without one.
    ///
    /// - Parameter journal: where the ledger's changes are kept. Instances of one platform that
    ///   share a journal (on PostgreSQL, say) share one ledger; each must be made with the same
    ///   people, catalogue and policy, as they are its configuration, not its state.
    public init(area: InsuranceArea, people: [InsuredPerson], registry: NationalInsuranceRegistry, relay: CrossProvinceRelay? = nil,
                catalogue: ServiceCatalogue = .outpatientSample, policy: OutpatientPolicy = .standard,
                journal: any PlatformJournal = InMemoryPlatformJournal()) {
        self.area = area
        ledger = PlatformLedger(area: area, people: people)
        self.people = people
        self.journal = journal
        self.registry = registry
        self.relay = relay
        self.catalogue = catalogue
        self.policy = policy
        for person in people { registry.register(person.idNumber, card: person.card?.number, insuredIn: area) }
    }

    // MARK: What the ledger holds, for tests and the examples

    /// The partner's settlement records that count (settlements and reversal records, not
    /// voided), relayed ones included, in id order, as the journal has them now.
    public func records(of partner: InstitutionCode) throws -> [SettlementInfo] {
        try catchUp()
        return ledger.liveRecords(of: partner.code)
    }

    /// A person's current state, as the journal has it now.
    public func person(_ personNumber: String) throws -> InsuredPerson? {
        try catchUp()
        return ledger.people[personNumber]
    }

    // MARK: BureauHandler

    public func signIn(_ input: SignInInput, context: InterfaceContext) throws -> SignInOutput {
        try SignInOutput(jsonValue: commit(.signIn(input), context: context).output)
    }

    public func signOut(_ input: SignOutInput, context: InterfaceContext) throws -> SignOutOutput {
        try SignOutOutput(jsonValue: commit(.signOut(input), context: context).output)
    }

    public func personInfo(_ query: PersonInfoQuery, context: InterfaceContext) async throws -> PersonInfo {
        try catchUp()
        try inPlace { try $0.checkSignIn(context) }
        let (idNumber, insuredArea) = try registry.resolve(query.credential)
        guard insuredArea == area else {
            return try Self.output(of: await relayer(for: insuredArea).relayPersonInfo(query, insuredArea: insuredArea))
        }
        return try inPlace { ledger in
            let person = try ledger.person(identifiedBy: idNumber)
            try Self.checkCard(query.credential, of: person)
            return ledger.personInfo(person)
        }
    }

    public func register(_ input: RegistrationInput, context: InterfaceContext) async throws -> RegistrationOutput {
        try await perform(.register(input), context: context) { [registry] ledger in
            _ = try Self.verifiedPerson(input.credential, personNumber: input.personNumber, registry: registry, ledger: ledger)
        }
    }

    public func cancelRegistration(_ input: RegistrationCancellation, context: InterfaceContext) async throws -> EmptyOutput {
        try await perform(.cancelRegistration(input), context: context)
    }

    public func recordVisit(_ input: VisitInformation, context: InterfaceContext) async throws -> EmptyOutput {
        try await perform(.recordVisit(input), context: context)
    }

    public func uploadFeeDetails(_ input: FeeDetailUpload, context: InterfaceContext) async throws -> FeeDetailUploadResult {
        try await perform(.uploadFeeDetails(input), context: context)
    }

    public func cancelFeeDetails(_ input: FeeDetailCancellation, context: InterfaceContext) async throws -> EmptyOutput {
        try await perform(.cancelFeeDetails(input), context: context)
    }

    public func preSettle(_ input: SettlementInput, context: InterfaceContext) async throws -> SettlementResult {
        try catchUp()
        try ledger.checkSignIn(context)
        guard try isLocal(context) else { return try Self.output(of: await relayer(for: context).relay(context)) }
        _ = try Self.verifiedPerson(input.credential, personNumber: input.personNumber, registry: registry, ledger: ledger)
        return try ledger.price(input, policy: policy, context: context).result
    }

    public func settle(_ input: SettlementInput, context: InterfaceContext) async throws -> SettlementOutcome {
        let result = try await record(.settle(input), context: context, refusalWithRecord: .alreadySettled) { [registry] ledger in
            _ = try Self.verifiedPerson(input.credential, personNumber: input.personNumber, registry: registry, ledger: ledger)
        }
        return result.isRepeat ? .alreadySettled(result.record) : .settled(result.record)
    }

    public func reverseSettlement(_ input: SettlementReversalInput, context: InterfaceContext) async throws -> ReversalOutcome {
        let result = try await record(.reverseSettlement(input), context: context, refusalWithRecord: .alreadyReversed)
        return result.isRepeat ? .alreadyReversed(result.record) : .reversed(result.record)
    }

    public func reverseMessage(_ original: MessageID, transaction: InterfaceTransaction, context: InterfaceContext) async throws {
        try catchUp()
        try ledger.checkSignIn(context)
        let reversal = try MessageReversalInput(jsonValue: context.request.input)
        if try !isLocal(context), let relay,
           let response = try await relay.relayReversal(of: original, transaction: transaction, personNumber: reversal.personNumber, context: context) {
            if let refusal = response.error { throw refusal }
            _ = try commit(.voidMirrored(original), context: context, answersEarlier: false)
            return
        }
        _ = try commit(.reverseMessage(original, transaction), context: context, answersEarlier: false) { try $0.checkSignIn(context) }
    }

    public func reconcileTotals(_ input: TotalsReconciliationInput, context: InterfaceContext) throws -> TotalsReconciliationResult {
        try catchUp()
        try ledger.checkSignIn(context)
        return try ledger.reconcileTotals(input, context: context)
    }

    public func reconcileDetails(_ input: DetailReconciliationInput, context: InterfaceContext) throws -> DetailReconciliationResult {
        try catchUp()
        try ledger.checkSignIn(context)
        return try ledger.reconcileDetails(input, context: context)
    }

    // MARK: Local or relayed

    /// Whether the message's patient is insured here; messages about a person must say where
    /// they are insured.
    private func isLocal(_ context: InterfaceContext) throws -> Bool {
        guard let insuredArea = context.request.insuredArea else {
            throw ConnectorError(.malformedRequest, "\(context.request.transaction) is about a person and needs insuplc_admdvs (from 1101).")
        }
        return insuredArea == area
    }

    /// Runs a state-changing message here, or relays it: once per message id either way.
    /// `check` runs under the journal's lock, on the ledger the change would apply to.
    private func perform<Output: InterfaceMessage>(_ change: LedgerChange, context: InterfaceContext,
                                                   check: (PlatformLedger) throws -> Void = { _ in }) async throws -> Output {
        try catchUp()
        try ledger.checkSignIn(context)
        if let earlier = try ledger.earlierOutput(of: context) { return try Output(jsonValue: earlier) }
        guard try isLocal(context) else {
            let response = try await relayer(for: context).relay(context)
            let output: Output = try Self.output(of: response)
            _ = try commit(.mirror(nil, output: response.output), context: context)
            return output
        }
        return try Output(jsonValue: commit(change, context: context) { try $0.checkSignIn(context); try check($0) }.output)
    }

    /// Runs a settlement or a reversal here, or relays it, and keeps the relayed record for
    /// reconciliation; `isRepeat` when the platform answered with an earlier record.
    private func record(_ change: LedgerChange, context: InterfaceContext, refusalWithRecord: ConnectorError.Code,
                        check: (PlatformLedger) throws -> Void = { _ in }) async throws -> (record: SettlementResult, isRepeat: Bool) {
        try catchUp()
        try ledger.checkSignIn(context)
        if let earlier = try ledger.earlierOutput(of: context) { return (try SettlementResult(jsonValue: earlier), false) }
        guard try isLocal(context) else {
            let response = try await relayer(for: context).relay(context)
            if let refusal = response.error, refusal.code != refusalWithRecord || response.output == .null { throw refusal }
            let record = try SettlementResult(jsonValue: response.output)
            _ = try commit(.mirror(record, output: response.output), context: context)
            return (record, response.error != nil)
        }
        switch try commit(change, context: context, check: { try $0.checkSignIn(context); try check($0) }) {
        case .settlement(.settled(let record)), .reversal(.reversed(let record)): return (record, false)
        case .settlement(.alreadySettled(let record)), .reversal(.alreadyReversed(let record)): return (record, true)
        case .output(let earlier): return (try SettlementResult(jsonValue: earlier), false)
        case .none: throw ConnectorError(.internalError, "A settlement or reversal answered nothing.")
        }
    }

    // MARK: The journal

    /// Applies the changes other instances journaled since this one last looked; first rebuilds
    /// the ledger from the journal if a change applied here may be missing from it.
    private func catchUp() throws {
        if needsRebuild {
            ledger = PlatformLedger(area: area, people: people)
            position = 0
            needsRebuild = false
        }
        try replay(journal.changes(after: position))
    }

    /// Applies `change` under the journal's lock to the ledger as the journal has it, and
    /// journals it. A message that ran before (at any instance) is answered with its earlier
    /// output instead (`answersEarlier`), unchanged; a change the ledger refuses throws and
    /// journals nothing.
    ///
    /// The ledger is changed where it lies, not on a copy: a copy of its tables at every
    /// message would cost more as the ledger grows. Its operations change nothing when they
    /// throw, and a change applied here whose append then failed (the journal may or may not
    /// have it) makes the next call rebuild the ledger from the journal.
    private func commit(_ change: LedgerChange, context: InterfaceContext, answersEarlier: Bool = true,
                        check: (PlatformLedger) throws -> Void = { _ in }) throws -> LedgerChange.Outcome {
        if needsRebuild { try catchUp() }
        let (catalogue, policy) = (catalogue, policy)
        var decided = false
        do {
            let (outcome, journaled) = try journal.append(after: position) { newer in
                try replay(newer)
                if answersEarlier, let earlier = try ledger.earlierOutput(of: context) { return (nil, LedgerChange.Outcome.output(earlier)) }
                try check(ledger)
                let outcome = try change.apply(to: &ledger, context: context, catalogue: catalogue, policy: policy)
                decided = true
                return (change.payload(context: context), outcome)
            }
            position = journaled
            return outcome
        } catch {
            if decided { needsRebuild = true }
            throw error
        }
    }

    /// Applies journaled changes in order, each exactly once. A change that no longer applies
    /// means the instances disagree on their configuration: nothing more is decided here.
    private func replay(_ changes: [PlatformJournalChange]) throws {
        for journaled in changes {
            guard journaled.position == position + 1 else {
                throw ConnectorError(.internalError, "The platform journal gave change \(journaled.position) after \(position).")
            }
            let (change, context) = try LedgerChange.read(journaled.payload)
            do {
                _ = try change.apply(to: &ledger, context: context, catalogue: catalogue, policy: policy)
            } catch {
                throw ConnectorError(.internalError, "Journaled change \(journaled.position) no longer applies (\(error)); do the instances share people, catalogue and policy?")
            }
            position = journaled.position
        }
    }

    private func relayer(for context: InterfaceContext) throws -> CrossProvinceRelay {
        try relayer(for: context.request.insuredArea ?? area)
    }

    private func relayer(for insuredArea: InsuranceArea) throws -> CrossProvinceRelay {
        guard let relay else {
            throw ConnectorError(.insuredAreaNotConnected, "The patient is insured in \(insuredArea); this platform settles no patients of other areas.")
        }
        return relay
    }

    /// Reads the ledger where it lies: calling one of its methods on the stored value copies
    /// every table it holds first, on the platform's commonest message.
    private func inPlace<Result>(_ read: (inout PlatformLedger) throws -> Result) rethrows -> Result {
        try read(&ledger)
    }

    /// The output of a relayed answer, or its refusal.
    private static func output<Output: InterfaceMessage>(of response: InterfaceResponse) throws -> Output {
        if let refusal = response.error { throw refusal }
        return try Output(jsonValue: response.output)
    }

    /// The person `personNumber`, if the credential the message carries is theirs.
    private static func verifiedPerson(_ credential: MedicalCredential, personNumber: String, registry: NationalInsuranceRegistry,
                                       ledger: PlatformLedger) throws -> InsuredPerson {
        let (idNumber, _) = try registry.resolve(credential)
        let person = try ledger.person(identifiedBy: idNumber)
        guard person.personNumber == personNumber else {
            throw ConnectorError(.notFound, "The \(credential) is not person \(personNumber)'s.")
        }
        try Self.checkCard(credential, of: person)
        return person
    }

    private static func checkCard(_ credential: MedicalCredential, of person: InsuredPerson) throws {
        if case .socialSecurityCard(_, let identifier) = credential, person.card?.identifier != identifier {
            throw ConnectorError(.notFound, "The card's identifier (card_sn) does not match the card issued.")
        }
    }
}
