import Foundation

extension CredentialVerifier {
    /// The choices a verifier makes where SD-JWT VC leaves room, fixed for the process.
    public struct Options: Sendable {
        /// What to do when a credential's status cannot be learned.
        public enum UnknownStatus: Sendable, Hashable {
            /// Refuse the credential (the safe default for a hotel or a bank).
            case reject
            /// Accept it, reporting the check as not done.
            case accept
        }

        /// The tolerance, in seconds, between the issuer's or wallet's clock and the verifier's.
        public var clockSkew: TimeInterval = 60
        /// How old, in seconds, a key-binding JWT may be, and how long an issued nonce may be
        /// redeemed.
        public var keyBindingMaximumAge: TimeInterval = 300
        /// Whether a credential must carry `iat`. SD-JWT VC makes it optional; a trusted key with
        /// a validity window needs it either way.
        public var requiresIssuedAt = false
        /// Whether a credential must carry `exp`. SD-JWT VC makes it optional.
        public var requiresExpiry = false
        /// Whether the older media type `vc+sd-jwt` is accepted beside `dc+sd-jwt`.
        public var acceptsLegacyMediaType = false
        /// Whether the disclosed values of the SDK's credential types are decoded and checked
        /// (`claim-values`).
        public var checksClaimValues = true
        /// What an unknown status means.
        public var unknownStatus: UnknownStatus = .reject
        /// The longest, in seconds, a fetched status list is reused, even if its token allows
        /// longer.
        public var statusListMaximumCacheAge: TimeInterval = 300
        /// How long, in seconds, past its cache time a verified status list may still answer
        /// while its location cannot be reached (stale-if-error); never past the token's own
        /// `exp`. After it the status is unknown. 0 by default: no stale answers.
        public var statusListStaleIfErrorAge: TimeInterval = 0

        /// The defaults: 60 s of skew, 300 s for key binding, `iat` and `exp` optional,
        /// `dc+sd-jwt` only, claim values checked, an unknown status refused.
        public init() {}
    }
}
