import Foundation

/// Where IDCore takes random bytes from: salts, nonces and key material.
///
/// Production code uses ``SecureRandom``; tests inject a deterministic source so that their
/// outputs repeat.
public protocol RandomByteSource: Sendable {
    /// Returns `count` random bytes or throws when none can be had.
    func bytes(count: Int) throws -> Data
}

/// OpenSSL's cryptographically secure random generator (`RAND_bytes`).
public struct SecureRandom: RandomByteSource {
    /// Creates a handle on OpenSSL's generator; it holds no state of its own.
    public init() {}

    /// Returns `count` random bytes; throws when OpenSSL's generator fails.
    public func bytes(count: Int) throws -> Data {
        guard count >= 0 else {
            throw IDCoreError(.invalidParameter, "A random byte count cannot be negative (\(count)).")
        }
        return try OpenSSLRandom.bytes(count: count)
    }
}
