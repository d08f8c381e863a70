import Foundation

/// HMAC (RFC 2104) over any ``HashFunction``, including HMAC-SM3.
public enum HMAC {
    /// The full-length authentication code of `message` under `key`.
    public static func authenticationCode(
        for message: some DataProtocol, using key: some DataProtocol, hashFunction: HashFunction
    ) throws -> Data {
        try key.withContiguousBytes { key in
            try message.withContiguousBytes { message in
                try EVPDigest.hmac(hashFunction, key: key, data: message)
            }
        }
    }

    /// Whether `code` authenticates `message` under `key`, compared in constant time.
    ///
    /// A truncated code is accepted when it keeps at least half of the hash output and at
    /// least 80 bits, the limits RFC 2104 section 5 sets; anything shorter is refused as an
    /// invalid parameter rather than compared.
    public static func isValidAuthenticationCode(
        _ code: some DataProtocol, for message: some DataProtocol, using key: some DataProtocol,
        hashFunction: HashFunction
    ) throws -> Bool {
        let shortest = max(10, hashFunction.digestLength / 2)
        guard (shortest...hashFunction.digestLength).contains(code.count) else {
            throw IDCoreError(
                .invalidParameter,
                "An HMAC-\(hashFunction) code must be \(shortest) to \(hashFunction.digestLength) bytes; this one is \(code.count)."
            )
        }
        let expected = try authenticationCode(for: message, using: key, hashFunction: hashFunction)
        return ConstantTime.equals(expected.prefix(code.count), code)
    }
}
