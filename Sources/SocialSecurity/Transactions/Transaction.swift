import Foundation

/// The transactions of the connector protocol, each at its own path.
public enum Transaction: String, Sendable, Hashable, CaseIterable, Codable {
    case bindCard = "card/bind"
    case cardStatus = "card/status"
    case eligibility
    case appointmentSlots = "appointments/slots"
    case bookAppointment = "appointments/book"
    case cancelAppointment = "appointments/cancel"
    case estimateSettlement = "settlements/estimate"
    case settle = "settlements"
    case reverseSettlement = "settlements/reverse"
    case refund = "refunds"
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
        guard let marker = path.range(of: "/v1/", options: .backwards) else { return nil }
        self.init(rawValue: String(path[marker.upperBound...]))
    }
}
