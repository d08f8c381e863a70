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
    private let registry: NationalInsuranceRegistry
    private let catalogue: ServiceCatalogue
    private let policy: OutpatientPolicy
    private let relay: CrossProvinceRelay?

    /// A platform insuring `people`, who are entered in the national `registry` as insured here;
    /// messages about patients insured elsewhere go through `relay`, or are refused without one.
    public init(area: InsuranceArea, people: [InsuredPerson], registry: NationalInsuranceRegistry, relay: CrossProvinceRelay? = nil,
                catalogue: ServiceCatalogue = .outpatientSample, policy: OutpatientPolicy = .standard) {
        self.area = area
        ledger = PlatformLedger(area: area, people: people)
        self.registry = registry
        self.relay = relay
        self.catalogue = catalogue
        self.policy = policy
        for person in people { registry.register(person.idNumber, card: person.card?.number, insuredIn: area) }
    }

    // MARK: What the ledger holds, for tests and the examples

    /// The partner's settlement records that count (settlements and reversal records, not
    /// voided), relayed ones included, in id order.
    public func records(of partner: InstitutionCode) -> [SettlementInfo] { ledger.liveRecords(of: partner.code) }

    /// A person's current state.
    public func person(_ personNumber: String) -> InsuredPerson? { ledger.people[personNumber] }

    // MARK: BureauHandler

    public func signIn(_ input: SignInInput, context: InterfaceContext) throws -> SignInOutput {
        if let earlier = try ledger.earlierOutput(of: context) { return try SignInOutput(jsonValue: earlier) }
        return ledger.signIn(input, context: context)
    }

    public func signOut(_ input: SignOutInput, context: InterfaceContext) throws -> SignOutOutput {
        if let earlier = try ledger.earlierOutput(of: context) { return try SignOutOutput(jsonValue: earlier) }
        return try ledger.signOut(input, context: context)
    }

    public func personInfo(_ query: PersonInfoQuery, context: InterfaceContext) async throws -> PersonInfo {
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
        try await perform(context) { [registry] ledger in
            try ledger.register(input, person: Self.verifiedPerson(input.credential, personNumber: input.personNumber, registry: registry, ledger: ledger),
                                context: context)
        }
    }

    public func cancelRegistration(_ input: RegistrationCancellation, context: InterfaceContext) async throws -> EmptyOutput {
        try await perform(context) { try $0.cancelRegistration(input, context: context) }
    }

    public func recordVisit(_ input: VisitInformation, context: InterfaceContext) async throws -> EmptyOutput {
        try await perform(context) { try $0.recordVisit(input, context: context) }
    }

    public func uploadFeeDetails(_ input: FeeDetailUpload, context: InterfaceContext) async throws -> FeeDetailUploadResult {
        try await perform(context) { [catalogue] in try $0.uploadFeeDetails(input, catalogue: catalogue, context: context) }
    }

    public func cancelFeeDetails(_ input: FeeDetailCancellation, context: InterfaceContext) async throws -> EmptyOutput {
        try await perform(context) { try $0.cancelFeeDetails(input, context: context) }
    }

    public func preSettle(_ input: SettlementInput, context: InterfaceContext) async throws -> SettlementResult {
        try ledger.checkSignIn(context)
        guard try isLocal(context) else { return try Self.output(of: await relayer(for: context).relay(context)) }
        _ = try Self.verifiedPerson(input.credential, personNumber: input.personNumber, registry: registry, ledger: ledger)
        return try ledger.price(input, policy: policy, context: context).result
    }

    public func settle(_ input: SettlementInput, context: InterfaceContext) async throws -> SettlementOutcome {
        let result = try await record(context, refusalWithRecord: .alreadySettled) { [registry, policy] ledger in
            _ = try Self.verifiedPerson(input.credential, personNumber: input.personNumber, registry: registry, ledger: ledger)
            return try ledger.settle(input, policy: policy, context: context)
        }
        return result.isRepeat ? .alreadySettled(result.record) : .settled(result.record)
    }

    public func reverseSettlement(_ input: SettlementReversalInput, context: InterfaceContext) async throws -> ReversalOutcome {
        let result = try await record(context, refusalWithRecord: .alreadyReversed) { ledger in
            switch try ledger.reverseSettlement(input, context: context) {
            case .reversed(let record): .settled(record)
            case .alreadyReversed(let record): .alreadySettled(record)
            }
        }
        return result.isRepeat ? .alreadyReversed(result.record) : .reversed(result.record)
    }

    public func reverseMessage(_ original: MessageID, transaction: InterfaceTransaction, context: InterfaceContext) async throws {
        try ledger.checkSignIn(context)
        let reversal = try MessageReversalInput(jsonValue: context.request.input)
        if try !isLocal(context), let relay,
           let response = try await relay.relayReversal(of: original, transaction: transaction, personNumber: reversal.personNumber, context: context) {
            if let refusal = response.error { throw refusal }
            ledger.voidMirrored(settledBy: original, partner: context.partner.code, reversal: context.request.messageID)
            return
        }
        try ledger.reverseMessage(original, transaction: transaction, context: context)
    }

    public func reconcileTotals(_ input: TotalsReconciliationInput, context: InterfaceContext) throws -> TotalsReconciliationResult {
        try ledger.checkSignIn(context)
        return try ledger.reconcileTotals(input, context: context)
    }

    public func reconcileDetails(_ input: DetailReconciliationInput, context: InterfaceContext) throws -> DetailReconciliationResult {
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
    private func perform<Output: InterfaceMessage>(_ context: InterfaceContext, local: (inout PlatformLedger) throws -> Output) async throws -> Output {
        try ledger.checkSignIn(context)
        if let earlier = try ledger.earlierOutput(of: context) { return try Output(jsonValue: earlier) }
        guard try isLocal(context) else {
            let response = try await relayer(for: context).relay(context)
            let output: Output = try Self.output(of: response)
            ledger.mirror(nil, context: context, output: response.output)
            return output
        }
        return try local(&ledger)
    }

    /// Runs a settlement or a reversal here, or relays it, and keeps the relayed record for
    /// reconciliation; `isRepeat` when the platform answered with an earlier record.
    private func record(_ context: InterfaceContext, refusalWithRecord: ConnectorError.Code,
                        local: (inout PlatformLedger) throws -> SettlementOutcome) async throws -> (record: SettlementResult, isRepeat: Bool) {
        try ledger.checkSignIn(context)
        if let earlier = try ledger.earlierOutput(of: context) { return (try SettlementResult(jsonValue: earlier), false) }
        guard try isLocal(context) else {
            let response = try await relayer(for: context).relay(context)
            if let refusal = response.error, refusal.code != refusalWithRecord || response.output == .null { throw refusal }
            let record = try SettlementResult(jsonValue: response.output)
            ledger.mirror(record, context: context, output: response.output)
            return (record, response.error != nil)
        }
        switch try local(&ledger) {
        case .settled(let record): return (record, false)
        case .alreadySettled(let record): return (record, true)
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
