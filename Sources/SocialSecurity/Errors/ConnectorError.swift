import IDCore

/// The one error type of `SocialSecurity`, shaped like `IDCoreError`: a stable ``Code`` and a
/// human ``reason``; two errors are equal when their codes are.
public struct ConnectorError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A stable error code; compare with `==`, as new codes may be added.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Backing: String, Sendable {
            case signatureInvalid = "signature-invalid"
            case unknownKey = "unknown-key"
            case cryptography = "cryptography"
        }

        private let backing: Backing

        private init(_ backing: Backing) {
            self.backing = backing
        }

        /// A request or response signature does not verify.
        public static let signatureInvalid = Code(.signatureInvalid)
        /// A message names a key id the receiver does not hold.
        public static let unknownKey = Code(.unknownKey)
        /// Signing or verification could not run; the reason carries the `IDCoreError`.
        public static let cryptography = Code(.cryptography)

        /// The stable machine code.
        public var description: String { backing.rawValue }
    }

    /// What kind of failure this is.
    public let code: Code
    /// What was wrong and what to do.
    public let reason: String

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
