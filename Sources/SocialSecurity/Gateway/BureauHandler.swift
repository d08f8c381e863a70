import Foundation

/// What a platform's adapter implements: one method per transaction, with typed inputs and
/// outputs. When a method runs, ``BureauGateway`` has verified the partner's signature, the
/// replay window and the envelope, and claimed the message id of a state-changing message.
///
/// Refuse by throwing a ``ConnectorError`` of the catalogue's business codes (`not-found`,
/// `insufficient-balance`, `already-reversed`, …); anything else is `internal-error`, and the
/// message's claim is released so that a retry may run it. So that a retry is always safe:
///
/// - Make each state change atomic in your ledger, recorded together with the message id
///   (`context.request.messageID`) that made it.
/// - Key money by its business identity: a visit's charge batch settles once, whatever the
///   message id, and a second 2207 for it answers ``SettlementOutcome/alreadySettled(_:)``.
/// - Refuse a message whose id ``reverseMessage(_:transaction:context:)`` has marked, in the
///   same ledger, with `message-reversed`: that keeps a delivery that arrives after its own
///   reversal from taking effect.
public protocol BureauHandler: Sendable {
    /// 9001: opens an operator's session.
    func signIn(_ input: SignInInput, context: InterfaceContext) async throws -> SignInOutput
    /// 9002: ends it.
    func signOut(_ input: SignOutInput, context: InterfaceContext) async throws -> SignOutOutput
    /// 1101: the person behind a credential.
    func personInfo(_ query: PersonInfoQuery, context: InterfaceContext) async throws -> PersonInfo
    /// 2201: opens a visit.
    func register(_ input: RegistrationInput, context: InterfaceContext) async throws -> RegistrationOutput
    /// 2202: cancels a visit with nothing settled.
    func cancelRegistration(_ input: RegistrationCancellation, context: InterfaceContext) async throws -> EmptyOutput
    /// 2203: records what the visit was for.
    func recordVisit(_ input: VisitInformation, context: InterfaceContext) async throws -> EmptyOutput
    /// 2204: records fee lines.
    func uploadFeeDetails(_ input: FeeDetailUpload, context: InterfaceContext) async throws -> FeeDetailUploadResult
    /// 2205: withdraws unsettled fee lines.
    func cancelFeeDetails(_ input: FeeDetailCancellation, context: InterfaceContext) async throws -> EmptyOutput
    /// 2206: prices a charge batch without paying.
    func preSettle(_ input: SettlementInput, context: InterfaceContext) async throws -> SettlementResult
    /// 2207: settles a charge batch once.
    func settle(_ input: SettlementInput, context: InterfaceContext) async throws -> SettlementOutcome
    /// 2208: reverses a whole settlement once; the answer is the reversal record.
    func reverseSettlement(_ input: SettlementReversalInput, context: InterfaceContext) async throws -> ReversalOutcome
    /// 2601: undoes whatever the partner's message `original` did (it may have done nothing or
    /// never arrived) and marks its id so that it never takes effect later. Called again for the
    /// same reversal after a failure, it must answer the same without undoing twice.
    func reverseMessage(_ original: MessageID, transaction: InterfaceTransaction, context: InterfaceContext) async throws
    /// 3201: compares a period's totals.
    func reconcileTotals(_ input: TotalsReconciliationInput, context: InterfaceContext) async throws -> TotalsReconciliationResult
    /// 3202: compares a period's settlements one by one.
    func reconcileDetails(_ input: DetailReconciliationInput, context: InterfaceContext) async throws -> DetailReconciliationResult
}

/// What a handler knows of the message it serves beyond its input: the verified envelope and
/// when the gateway received it.
public struct InterfaceContext: Sendable {
    /// The envelope, whose sender the gateway has authenticated.
    public let request: InterfaceRequest
    /// When the gateway received the message.
    public let receivedAt: Date

    /// Creates a context.
    public init(request: InterfaceRequest, receivedAt: Date) {
        self.request = request
        self.receivedAt = receivedAt
    }

    /// The sending institution.
    public var partner: InstitutionCode { request.institution }
}

/// What a 2208 did: reversed the settlement now, or found it reversed before.
public enum ReversalOutcome: Sendable, Hashable {
    /// Reversed by this message; the reversal record.
    case reversed(SettlementResult)
    /// Reversed before; that reversal record, answered as the refusal `already-reversed` with it
    /// as the output.
    case alreadyReversed(SettlementResult)
}

/// What a 2207 did: settled the batch now, or found it settled before.
public enum SettlementOutcome: Sendable, Hashable {
    /// Settled by this message.
    case settled(SettlementResult)
    /// The batch was settled before (by this or another message); this is that settlement,
    /// answered as the refusal `already-settled` with it as the output.
    case alreadySettled(SettlementResult)
}
