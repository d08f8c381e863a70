import Foundation

/// HMAC (RFC 2104) over any hash function, including HMAC-SM3: scoped to ``HashFunction`` so
/// that a program that also imports swift-crypto keeps its `HMAC`.
extension HashFunction {
    /// The full-length HMAC of `message` under `key` with this hash function.
    ///
    /// ```swift
    /// let code = try HashFunction.sm3.authenticationCode(for: message, using: key)
    /// ```
    public func authenticationCode(for message: some DataProtocol, using key: some DataProtocol) throws -> Data {
        try key.withContiguousBytes { key in
            try message.withContiguousBytes { message in
                try EVPDigest.hmac(self, key: key, data: message)
            }
        }
    }

    /// Whether `code` authenticates `message` under `key`, compared in constant time.
    ///
    /// A truncated code is accepted when it keeps at least half of the hash output and at
    /// least 80 bits, the limits RFC 2104 section 5 sets; anything shorter is refused as an
    /// invalid parameter rather than compared.
    public func isValidAuthenticationCode(_ code: some DataProtocol, for message: some DataProtocol, using key: some DataProtocol) throws -> Bool {
        let shortest = max(10, digestLength / 2)
        guard (shortest...digestLength).contains(code.count) else {
            throw IDCoreError(.invalidParameter, "An HMAC-\(self) code must be \(shortest) to \(digestLength) bytes; this one is \(code.count).")
        }
        let expected = try authenticationCode(for: message, using: key)
        return ConstantTime.equals(expected.prefix(code.count), code)
    }
}
