import Foundation
import IDCore

/// The one error type of `SocialSecurity`, shaped like `IDCoreError`: a stable ``Code`` and a
/// human ``reason``; two errors are equal when their codes are.
///
/// The codes are the protocol's error catalogue (Documentation/ConnectorProtocol.md §8): those a
/// gateway answers before a transaction runs (with an HTTP status of their own), the business
/// refusals a platform answers inside the national envelope (`infcode` -1, HTTP 200, the code in
/// `err_code`), and a few that only a client meets (routing, transport, a bad answer).
public struct ConnectorError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A stable error code; compare with `==`, as new codes may be added.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The code as it travels in `err_code`.
        public let rawValue: String

        private init(_ rawValue: String) {
            self.rawValue = rawValue
        }

        /// Reads a code received from a platform; an unknown code is kept as it came.
        public init(wire: String) {
            rawValue = wire
        }

        // MARK: The gateway's refusals, before any transaction runs

        /// The request lacks a header, or its headers or envelope are not the protocol's.
        public static let malformedRequest = Code("malformed-request")
        /// The partner named by `X-VIDK-Partner` is not registered.
        public static let unknownPartner = Code("unknown-partner")
        /// The key identifier is not one of the partner's registered keys.
        public static let unknownKey = Code("unknown-key")
        /// The request signature does not verify.
        public static let signatureInvalid = Code("signature-invalid")
        /// The request timestamp is outside the platform's accepted window.
        public static let timestampOutOfWindow = Code("timestamp-out-of-window")
        /// The nonce was already used within the window.
        public static let replayedNonce = Code("replayed-nonce")
        /// The partner is not allowed this transaction.
        public static let transactionNotAllowed = Code("transaction-not-allowed")
        /// The request's header fields exceed the gateway's limits (HTTP 431).
        public static let headersTooLarge = Code("headers-too-large")
        /// The request body exceeds the gateway's limit (HTTP 413).
        public static let bodyTooLarge = Code("body-too-large")
        /// The message id was used before for another transaction or another input.
        public static let idempotencyConflict = Code("idempotency-conflict")
        /// A message with the same id is still being processed.
        public static let requestInProgress = Code("request-in-progress")
        /// The partner sent too many requests; honour `Retry-After`.
        public static let rateLimited = Code("rate-limited")
        /// The platform cannot answer now (a store it needs is unreachable or full).
        public static let bureauUnavailable = Code("bureau-unavailable")
        /// The platform failed in an unexpected way; nothing was applied.
        public static let internalError = Code("internal-error")

        // MARK: Business refusals, inside the national envelope

        /// The person, visit, fee line, settlement or message named does not exist for this partner.
        public static let notFound = Code("not-found")
        /// The operator has not signed in (9001), or the sign-in number is not theirs or has ended.
        public static let notSignedIn = Code("not-signed-in")
        /// The person is not insured on this date, or the card or e-voucher is not valid.
        public static let notInsured = Code("not-insured")
        /// The personal account cannot cover its share.
        public static let insufficientBalance = Code("insufficient-balance")
        /// The visit's charge batch was settled before; the answer carries that settlement.
        public static let alreadySettled = Code("already-settled")
        /// The settlement or message was reversed before.
        public static let alreadyReversed = Code("already-reversed")
        /// The settlement or message cannot be reversed (a reversal record, a later change).
        public static let notReversible = Code("not-reversible")
        /// The charge batch has no fee lines left to settle or cancel.
        public static let nothingToSettle = Code("nothing-to-settle")
        /// A fee line's serial number is already used in the visit.
        public static let duplicateFeeDetail = Code("duplicate-fee-detail")
        /// Stated amounts do not add up (a line, a batch, a split, totals).
        public static let amountMismatch = Code("amount-mismatch")
        /// An amount, quantity or price is malformed, negative where it may not be, or out of range.
        public static let invalidAmount = Code("invalid-amount")
        /// The person is insured in an area whose platform is not connected for settlement here.
        public static let insuredAreaNotConnected = Code("insured-area-not-connected")
        /// The message was reversed by a 2601 and will never take effect.
        public static let messageReversed = Code("message-reversed")

        // MARK: Client side

        /// No platform in the directory serves the area the call is routed by.
        public static let unknownArea = Code("unknown-area")
        /// The platform does not offer the transaction.
        public static let transactionNotSupported = Code("transaction-not-supported")
        /// The request could not be delivered or no answer came.
        public static let transportFailure = Code("transport-failure")
        /// The platform's answer is unsigned, badly signed, not for this request, or inconsistent.
        public static let invalidResponse = Code("invalid-response")
        /// A refund names lines or quantities the settlement does not have.
        public static let invalidRefund = Code("invalid-refund")
        /// The settlement journal could not record or read an entry.
        public static let journalUnavailable = Code("journal-unavailable")
        /// Signing or verification could not run; the reason carries the `IDCoreError`.
        public static let cryptography = Code("cryptography")

        /// The HTTP status a gateway answers the code with: the gateway's own refusals have
        /// theirs, business refusals travel as HTTP 200 inside the national envelope.
        public var httpStatus: Int {
            switch self {
            case .malformedRequest: 400
            case .unknownPartner, .unknownKey, .signatureInvalid, .timestampOutOfWindow, .replayedNonce: 401
            case .transactionNotAllowed: 403
            case .idempotencyConflict, .requestInProgress: 409
            case .bodyTooLarge: 413
            case .rateLimited: 429
            case .headersTooLarge: 431
            case .internalError: 500
            case .bureauUnavailable: 503
            default: 200
            }
        }

        /// Whether trying again can help: with a fresh nonce and the same message id, so a
        /// state-changing message still takes effect once. `replayed-nonce` is among them: a
        /// signed "replayed" answer can be a copy an attacker made of the client's own request.
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
    /// The platform's `Retry-After`, in seconds, when it sent one.
    public internal(set) var retryAfter: TimeInterval?
    /// Whether the platform signed the answer that carried this error. An unsigned refusal may
    /// come from anything between the client and the platform, so it never settles a journal
    /// entry's outcome.
    public internal(set) var isVerified = false

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
