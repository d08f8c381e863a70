import Foundation

/// The secret two ECDH parties share: only ever the input of a key derivation, never a key
/// itself, and never printed.
public struct SharedSecret: Sendable, Hashable, CustomStringConvertible, CustomReflectable {
    let bytes: [UInt8]

    /// A key of `outputByteCount` bytes derived by HKDF (RFC 5869) with `hash`.
    public func hkdfDerivedKey(using hash: HashFunction, salt: some DataProtocol, info: some DataProtocol, outputByteCount: Int) throws -> Data {
        try hash.hkdf(inputKeyMaterial: bytes, salt: salt, info: info, outputByteCount: outputByteCount)
    }

    public var description: String { "SharedSecret(\(bytes.count * 8) bits)" }

    /// What `dump` and debuggers show: the length only.
    public var customMirror: Mirror { Mirror(self, children: ["bitCount": bytes.count * 8], displayStyle: .struct) }

    public static func == (lhs: SharedSecret, rhs: SharedSecret) -> Bool { ConstantTime.equals(lhs.bytes, rhs.bytes) }

    public func hash(into hasher: inout Hasher) { hasher.combine(bytes.count) }
}

extension SigningKey {
    /// The ECDH secret of this P-256 or P-384 key and `peer` (the x-coordinate, SEC 1 3.3.1),
    /// for protocols that agree a key with the same device key they sign with, as ISO/IEC
    /// 18013-5 device MACs do.
    public func sharedSecret(with peer: VerificationKey) throws -> SharedSecret {
        guard algorithm == .es256 || algorithm == .es384 else {
            throw IDCoreError(.unsupportedAlgorithm, "Key agreement is for P-256 and P-384 keys, not \(algorithm.joseName).")
        }
        guard peer.algorithm == algorithm else {
            throw IDCoreError(.algorithmMismatch, "A \(algorithm.joseName) key agrees only with a key on the same curve, not \(peer.algorithm.joseName).")
        }
        return SharedSecret(bytes: try EVPKeyAgreement.sharedSecret(privateKey: key, peer: peer.key))
    }
}
