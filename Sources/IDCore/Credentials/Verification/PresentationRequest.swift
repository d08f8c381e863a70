/// What a verifier asks of one presentation: the nonce it issued for it, its own name as the
/// audience, and the claims it needs. Passed with each presentation to
/// ``CredentialVerifier/verify(_:for:)``, while the verifier itself, with its trust list,
/// stores and caches, is built once per process.
public struct PresentationRequest: Sendable, Hashable {
    /// The nonce the verifier issued (``CredentialVerifier/issueNonce()``), which the key-binding
    /// JWT must carry.
    public let nonce: String
    /// The audience (`aud`) the key-binding JWT must name: this verifier.
    public let audience: String
    /// The claims that must be disclosed (or in plain view).
    public let requiredClaims: [ClaimPath]

    /// Creates a request.
    public init(nonce: String, audience: String, requiredClaims: [ClaimPath] = []) {
        self.nonce = nonce
        self.audience = audience
        self.requiredClaims = requiredClaims
    }
}
