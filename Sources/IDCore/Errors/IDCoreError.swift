/// The one error type of `IDCore`.
///
/// Every failure carries a stable machine-readable ``Code`` and a human ``reason`` that says
/// what was wrong and what to do. Two errors are equal when their codes are equal, so tests
/// and callers can match on the code without depending on the wording of the reason:
///
/// ```swift
/// do {
///     _ = try SigningKey(pemRepresentation: text)
/// } catch let error as IDCoreError where error.code == .invalidKeyEncoding {
///     print(error.reason)
/// }
/// ```
public struct IDCoreError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A stable error code. New codes may be added in minor releases, so a `switch` over codes
    /// is written with `if`/`==` comparisons rather than exhaustively.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Backing: String, Sendable {
            case invalidKey = "invalid-key"
            case invalidKeyEncoding = "invalid-key-encoding"
            case unsupportedAlgorithm = "unsupported-algorithm"
            case algorithmMismatch = "algorithm-mismatch"
            case invalidSignatureEncoding = "invalid-signature-encoding"
            case invalidParameter = "invalid-parameter"
            case authenticationFailed = "authentication-failed"
            case malformedSealedBox = "malformed-sealed-box"
            case randomGenerationFailed = "random-generation-failed"
            case cryptographicFailure = "cryptographic-failure"
            case identityNumberLength = "identity-number-length"
            case identityNumberCharacter = "identity-number-character"
            case identityNumberDate = "identity-number-date"
            case identityNumberCheckCharacter = "identity-number-check-character"
            case identityNumberDivision = "identity-number-division"
            case unknownDivision = "unknown-division"
            case invalidDate = "invalid-date"
            case invalidPersonalData = "invalid-personal-data"
            case malformedCredential = "malformed-credential"
            case statusListUnavailable = "status-list-unavailable"
            case storeUnavailable = "store-unavailable"
            case malformedCBOR = "malformed-cbor"
            case malformedCOSE = "malformed-cose"
            case malformedCertificate = "malformed-certificate"
            case malformedMdoc = "malformed-mdoc"
            case invalidDCQLQuery = "invalid-dcql-query"
            case malformedJWE = "malformed-jwe"
        }

        private let backing: Backing

        private init(_ backing: Backing) {
            self.backing = backing
        }

        /// A key is not usable: wrong curve point, wrong length, or private and public halves
        /// that do not belong together.
        public static let invalidKey = Code(.invalidKey)
        /// A key's PEM, DER or JWK encoding could not be read.
        public static let invalidKeyEncoding = Code(.invalidKeyEncoding)
        /// The algorithm, curve or key type is not one this SDK supports.
        public static let unsupportedAlgorithm = Code(.unsupportedAlgorithm)
        /// A key, signature or sealed box was used with an algorithm it does not belong to.
        public static let algorithmMismatch = Code(.algorithmMismatch)
        /// A signature is not a well-formed DER or fixed-size encoding for its algorithm.
        public static let invalidSignatureEncoding = Code(.invalidSignatureEncoding)
        /// An argument is outside the range the operation accepts (a nonce length, a key size).
        public static let invalidParameter = Code(.invalidParameter)
        /// Decryption failed: the ciphertext, its tag or the associated data were altered, or
        /// the key is wrong.
        public static let authenticationFailed = Code(.authenticationFailed)
        /// A sealed box is truncated or its header names an unknown version or algorithm.
        public static let malformedSealedBox = Code(.malformedSealedBox)
        /// The random source could not deliver bytes.
        public static let randomGenerationFailed = Code(.randomGenerationFailed)
        /// OpenSSL reported an internal failure; the reason carries its message.
        public static let cryptographicFailure = Code(.cryptographicFailure)
        /// An identity number has the wrong number of characters.
        public static let identityNumberLength = Code(.identityNumberLength)
        /// An identity number has a character that does not belong where it stands (a letter
        /// among the digits).
        public static let identityNumberCharacter = Code(.identityNumberCharacter)
        /// An identity number's birth date does not exist, is before 1900 or after today.
        public static let identityNumberDate = Code(.identityNumberDate)
        /// An identity number's check character is not the one its other characters give (ISO
        /// 7064 MOD 11-2), or not a digit or `X`: most often a mistyped number.
        public static let identityNumberCheckCharacter = Code(.identityNumberCheckCharacter)
        /// An identity number's division (its first characters) does not exist.
        public static let identityNumberDivision = Code(.identityNumberDivision)

        /// Whether this is one of the refusals of an identity number.
        public var isIdentityNumberRefusal: Bool {
            [.identityNumberLength, .identityNumberCharacter, .identityNumberDate, .identityNumberCheckCharacter, .identityNumberDivision].contains(self)
        }
        /// An administrative division code is not in GB/T 2260.
        public static let unknownDivision = Code(.unknownDivision)
        /// A calendar date does not exist or is outside the accepted range.
        public static let invalidDate = Code(.invalidDate)
        /// A name, address, card field or card document is malformed or inconsistent.
        public static let invalidPersonalData = Code(.invalidPersonalData)
        /// A JWT, SD-JWT, disclosure or JSON text is not well formed, or breaks a rule of
        /// RFC 7515 or RFC 9901; the reason says which.
        public static let malformedCredential = Code(.malformedCredential)
        /// A status list could not be fetched, verified or read.
        public static let statusListUnavailable = Code(.statusListUnavailable)
        /// A store of verifier state (used nonces) could not answer: it is unreachable or full.
        /// Nothing was recorded; the operation that needed it must not go ahead.
        public static let storeUnavailable = Code(.storeUnavailable)
        /// CBOR input is not one well-formed, valid item within the decoder's limits (RFC 8949),
        /// or a map repeats a key.
        public static let malformedCBOR = Code(.malformedCBOR)
        /// A COSE structure (RFC 9052) is not what its type requires: the wrong items, a
        /// protected header that is not a map, a label in both headers, an unknown critical one.
        public static let malformedCOSE = Code(.malformedCOSE)

        /// An X.509 certificate or CRL (RFC 5280) cannot be read: not DER, bytes after its end,
        /// or an extension this SDK checks that is not what its syntax requires.
        public static let malformedCertificate = Code(.malformedCertificate)

        /// An ISO/IEC 18013-5 structure (a DeviceResponse, an IssuerSigned, a
        /// MobileSecurityObject) lacks a member, has one of the wrong type, or breaks a rule of
        /// the standard.
        public static let malformedMdoc = Code(.malformedMdoc)

        /// A DCQL query (OpenID4VP 1.0 section 6) breaks a rule of the specification: a
        /// missing or mistyped member, an identifier used twice, a set naming what is not there.
        public static let invalidDCQLQuery = Code(.invalidDCQLQuery)

        /// A JWE (RFC 7516) is not one this SDK decrypts: not five base64url parts, a header
        /// that is not a JSON object, an ephemeral key that is not a point, an IV or tag of the
        /// wrong length, compression or critical extensions asked for.
        public static let malformedJWE = Code(.malformedJWE)

        /// The stable machine code, for logs and for error payloads sent to other systems.
        public var description: String { backing.rawValue }
    }

    /// What kind of failure this is.
    public let code: Code
    /// What was wrong and what to do, in words meant for an engineer reading a log.
    public let reason: String

    /// Creates an error with a code and a reason.
    public init(_ code: Code, _ reason: String) {
        self.code = code
        self.reason = reason
    }

    public var description: String { "IDCoreError(\(code)): \(reason)" }

    public static func == (lhs: IDCoreError, rhs: IDCoreError) -> Bool {
        lhs.code == rhs.code
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(code)
    }
}
