import Foundation

/// The transactions of the connector protocol, each at its own path.
public enum Transaction: String, Sendable, Hashable, CaseIterable, Codable {
    /// `POST /v1/card/bind`
    case bindCard = "card/bind"
    /// `POST /v1/card/status`
    case cardStatus = "card/status"
    /// `POST /v1/eligibility`
    case eligibility
    /// `POST /v1/appointments/slots`
    case appointmentSlots = "appointments/slots"
    /// `POST /v1/appointments/book`
    case bookAppointment = "appointments/book"
    /// `POST /v1/appointments/cancel`
    case cancelAppointment = "appointments/cancel"
    /// `POST /v1/settlements/estimate`
    case estimateSettlement = "settlements/estimate"
    /// `POST /v1/settlements`
    case settle = "settlements"
    /// `POST /v1/settlements/reverse`
    case reverseSettlement = "settlements/reverse"
    /// `POST /v1/refunds`
    case refund = "refunds"
    /// `POST /v1/reconciliation`
    case reconciliation

    /// The request path: `/v1/settlements`.
    public var path: String { "/v1/\(rawValue)" }

    /// State-changing transactions require an idempotency key (protocol §6).
    public var isStateChanging: Bool {
        switch self {
        case .bindCard, .bookAppointment, .cancelAppointment, .settle, .reverseSettlement, .refund: true
        case .cardStatus, .eligibility, .appointmentSlots, .estimateSettlement, .reconciliation: false
        }
    }

    /// The transaction served at `path`, which may sit under a prefix where the bureau mounts
    /// the protocol (`/connector/v1/settlements`).
    init?(path: String) {
        guard let match = Self.paths.first(where: { path.hasSuffix($0.path) }) else { return nil }
        self = match.transaction
    }

    /// Built once: the gateway routes every request through ``init(path:)``.
    private static let paths = allCases.map { (path: $0.path, transaction: $0) }
}
