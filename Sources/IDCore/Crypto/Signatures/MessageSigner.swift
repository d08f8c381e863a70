import Foundation

/// Something that signs with a private key it holds: a ``SigningKey`` in memory, or a key that
/// never leaves a hardware security module (the `IDCorePKCS11` product's `PKCS11Signer`).
///
/// Everything in the SDK that signs (a credential issuer, a status-list authority, a wallet's
/// key binding, a connector or gateway) takes a signer, so moving a key into an HSM changes the
/// line that makes the signer and nothing else. A signer's signatures verify with its
/// ``publicKey`` exactly as an in-memory key's do.
public protocol MessageSigner: Sendable {
    /// The algorithm the signer signs with.
    var algorithm: SignatureAlgorithm { get }

    /// The public key its signatures verify with.
    var publicKey: VerificationKey { get }

    /// Signs `message` (the whole message: the signer hashes it as its algorithm requires).
    func signature(forBytes message: UnsafeRawBufferPointer) throws -> Signature
}

extension MessageSigner {
    /// Signs `message`.
    @inlinable
    public func signature(for message: some DataProtocol) throws -> Signature {
        try message.withContiguousBytes(signature(forBytes:))
    }
}
