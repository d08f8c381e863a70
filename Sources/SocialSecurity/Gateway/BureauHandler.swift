/// What a bureau's adapter implements: one method per transaction, with typed requests and
/// answers. ``BureauGateway`` has already authenticated the partner, checked the replay window
/// and applied idempotency when a method runs; it throws a ``ConnectorError`` from the
/// catalogue to refuse (`not-found`, `card-not-active`, …).
public protocol BureauHandler: Sendable {
    func bindCard(_ request: BindCardRequest, partner: String) async throws -> CardStatusResponse
    func cardStatus(_ request: CardStatusRequest, partner: String) async throws -> CardStatusResponse
    func eligibility(_ request: EligibilityRequest, partner: String) async throws -> EligibilityResponse
    func appointmentSlots(_ request: SlotsRequest, partner: String) async throws -> SlotsResponse
    func bookAppointment(_ request: BookingRequest, partner: String) async throws -> BookingResponse
    func cancelAppointment(_ request: CancellationRequest, partner: String) async throws -> CancellationResponse
    func estimateSettlement(_ request: SettlementRequest, partner: String) async throws -> SettlementSplit
    func settle(_ request: SettlementRequest, partner: String) async throws -> SettlementSplit
    func reverseSettlement(_ request: ReversalRequest, partner: String) async throws -> ReversalResponse
    func refund(_ request: RefundRequest, partner: String) async throws -> RefundResponse
    func reconciliation(_ request: ReconciliationRequest, partner: String) async throws -> ReconciliationResponse
}
