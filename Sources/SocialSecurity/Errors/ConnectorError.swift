import Foundation
import IDCore

/// The one error type of `SocialSecurity`, shaped like `IDCoreError`: a stable ``Code`` and a
/// human ``reason``; two errors are equal when their codes are.
///
/// The codes are the protocol's error catalogue (Documentation/ConnectorProtocol.md §7) plus a
/// few that only a client meets (routing, transport, a bad response).
public struct ConnectorError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A stable error code; compare with `==`, as new codes may be added.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The code as it travels in error bodies.
        public let rawValue: String

        private init(_ rawValue: String) {
            self.rawValue = rawValue
        }

        /// Reads a code received from a bureau; an unknown code is kept as it came.
        public init(wire: String) {
            rawValue = wire
        }

        public static let malformedRequest = Code("malformed-request")
        public static let unknownPartner = Code("unknown-partner")
        public static let unknownKey = Code("unknown-key")
        public static let signatureInvalid = Code("signature-invalid")
        public static let timestampOutOfWindow = Code("timestamp-out-of-window")
        public static let replayedNonce = Code("replayed-nonce")
        public static let transactionNotAllowed = Code("transaction-not-allowed")
        public static let idempotencyKeyRequired = Code("idempotency-key-required")
        public static let idempotencyConflict = Code("idempotency-conflict")
        public static let requestInProgress = Code("request-in-progress")
        public static let notFound = Code("not-found")
        public static let cardNotActive = Code("card-not-active")
        public static let insufficientBalance = Code("insufficient-balance")
        public static let slotUnavailable = Code("slot-unavailable")
        public static let alreadyReversed = Code("already-reversed")
        public static let rateLimited = Code("rate-limited")
        public static let bureauUnavailable = Code("bureau-unavailable")
        public static let internalError = Code("internal-error")
        /// Client side: no bureau in the directory serves the person's division.
        public static let unknownProvince = Code("unknown-province")
        /// Client side: the bureau does not offer the transaction.
        public static let transactionNotSupported = Code("transaction-not-supported")
        /// Client side: the request could not be delivered or no answer came.
        public static let transportFailure = Code("transport-failure")
        /// Client side: the bureau's answer is unsigned, badly signed or not for this request.
        public static let invalidResponse = Code("invalid-response")
        /// Signing or verification could not run; the reason carries the `IDCoreError`.
        public static let cryptography = Code("cryptography")

        /// The HTTP status the catalogue gives the code.
        public var httpStatus: Int {
            switch self {
            case .malformedRequest, .idempotencyKeyRequired: 400
            case .unknownPartner, .unknownKey, .signatureInvalid, .timestampOutOfWindow, .replayedNonce: 401
            case .transactionNotAllowed: 403
            case .notFound: 404
            case .idempotencyConflict, .requestInProgress, .slotUnavailable, .alreadyReversed: 409
            case .cardNotActive, .insufficientBalance: 422
            case .rateLimited: 429
            case .bureauUnavailable: 503
            default: 500
            }
        }

        /// Whether the catalogue says the request may be tried again (with a fresh nonce and the
        /// same idempotency key).
        public var isRetryable: Bool {
            [.requestInProgress, .rateLimited, .bureauUnavailable, .internalError, .transportFailure, .replayedNonce].contains(self)
        }

        public var description: String { rawValue }
    }

    /// What kind of failure this is.
    public let code: Code
    /// What was wrong and what to do.
    public let reason: String
    /// The bureau's `Retry-After`, in seconds, when it sent one.
    public internal(set) var retryAfter: TimeInterval?

    /// Creates an error with a code and a reason.
    public init(_ code: Code, _ reason: String) {
        self.code = code
        self.reason = reason
    }

    /// Wraps a cryptographic failure from `IDCore`, keeping its machine code in the reason.
    public init(_ error: IDCoreError) {
        self.init(.cryptography, "\(error.code): \(error.reason)")
    }

    public var description: String { "ConnectorError(\(code)): \(reason)" }

    public static func == (lhs: ConnectorError, rhs: ConnectorError) -> Bool { lhs.code == rhs.code }

    public func hash(into hasher: inout Hasher) { hasher.combine(code) }
}
