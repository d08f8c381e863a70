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

        /// The request is not valid protocol JSON or lacks a required header or member.
        public static let malformedRequest = Code("malformed-request")
        /// The bureau has no partner with that identifier.
        public static let unknownPartner = Code("unknown-partner")
        /// The key identifier is not one of the partner's registered keys.
        public static let unknownKey = Code("unknown-key")
        /// The request signature does not verify.
        public static let signatureInvalid = Code("signature-invalid")
        /// The request timestamp is outside the bureau's accepted window.
        public static let timestampOutOfWindow = Code("timestamp-out-of-window")
        /// The nonce was already used within the window.
        public static let replayedNonce = Code("replayed-nonce")
        /// The partner is not allowed this transaction.
        public static let transactionNotAllowed = Code("transaction-not-allowed")
        /// A money-moving transaction came without an idempotency key.
        public static let idempotencyKeyRequired = Code("idempotency-key-required")
        /// The idempotency key was already used with a different request body.
        public static let idempotencyConflict = Code("idempotency-conflict")
        /// A request with the same idempotency key is still being processed.
        public static let requestInProgress = Code("request-in-progress")
        /// The person, card, appointment or settlement does not exist.
        public static let notFound = Code("not-found")
        /// The social-security card is not active.
        public static let cardNotActive = Code("card-not-active")
        /// The personal account cannot cover its share.
        public static let insufficientBalance = Code("insufficient-balance")
        /// The appointment slot is already taken.
        public static let slotUnavailable = Code("slot-unavailable")
        /// The settlement was already reversed.
        public static let alreadyReversed = Code("already-reversed")
        /// The partner sent too many requests; honour `Retry-After`.
        public static let rateLimited = Code("rate-limited")
        /// The bureau is temporarily unavailable.
        public static let bureauUnavailable = Code("bureau-unavailable")
        /// The bureau failed in an unexpected way.
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

        /// The code as it travels.
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

    /// The code and the reason, for logs.
    public var description: String { "ConnectorError(\(code)): \(reason)" }

    /// Two errors are equal when their codes are, whatever the reason's wording.
    public static func == (lhs: ConnectorError, rhs: ConnectorError) -> Bool { lhs.code == rhs.code }

    /// Hashes the code only, matching `==`.
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }
}
