/// What a bureau's adapter implements: one method per transaction, with typed requests and
/// answers. ``BureauGateway`` has already authenticated the partner, checked the replay window
/// and applied idempotency when a method runs; it throws a ``ConnectorError`` from the
/// catalogue to refuse (`not-found`, `card-not-active`, …).
public protocol BureauHandler: Sendable {
    /// Binds the person's card to the partner.
    func bindCard(_ request: BindCardRequest, partner: String) async throws -> CardStatusResponse
    /// The status of a card bound to the partner.
    func cardStatus(_ request: CardStatusRequest, partner: String) async throws -> CardStatusResponse
    /// The person's insurance standing on the service date.
    func eligibility(_ request: EligibilityRequest, partner: String) async throws -> EligibilityResponse
    /// A department's slots on a day.
    func appointmentSlots(_ request: SlotsRequest, partner: String) async throws -> SlotsResponse
    /// Books a free slot.
    func bookAppointment(_ request: BookingRequest, partner: String) async throws -> BookingResponse
    /// Cancels one of the partner's appointments.
    func cancelAppointment(_ request: CancellationRequest, partner: String) async throws -> CancellationResponse
    /// Computes a bill's split without moving money.
    func estimateSettlement(_ request: SettlementRequest, partner: String) async throws -> SettlementSplit
    /// Settles a bill; called once per idempotency key.
    func settle(_ request: SettlementRequest, partner: String) async throws -> SettlementSplit
    /// Reverses a same-day settlement.
    func reverseSettlement(_ request: ReversalRequest, partner: String) async throws -> ReversalResponse
    /// Refunds some lines of a settlement.
    func refund(_ request: RefundRequest, partner: String) async throws -> RefundResponse
    /// The bureau's view of the partner's day.
    func reconciliation(_ request: ReconciliationRequest, partner: String) async throws -> ReconciliationResponse
}
