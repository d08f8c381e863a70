/// An SD-JWT in compact form (RFC 9901 section 4): the issuer-signed JWT, its disclosures, and
/// for a presentation a key-binding JWT, joined by `~`.
///
/// `<issuer-signed JWT>~<disclosure>~…~<disclosure>~<KB-JWT or nothing>`
public struct SDJWT: Sendable, Hashable, CustomStringConvertible {
    /// The issuer-signed JWT in compact serialisation.
    public let issuerSignedJWT: String
    /// The disclosures, in the order they appear.
    public let disclosures: [Disclosure]
    /// The key-binding JWT of a presentation, or nil.
    public let keyBindingJWT: String?
    /// Everything up to and including the last `~` before a key-binding JWT: what `sd_hash`
    /// covers. Kept as it was parsed, so that a verifier hashes the bytes it received.
    public let withoutKeyBinding: String

    /// Splits and reads the parts; the signatures are checked by the verifier, not here.
    public init(parsing text: String) throws {
        let parts = try SDJWTParts(splitting: Array(text.utf8))
        issuerSignedJWT = String(decoding: parts.issuerSignedJWT, as: UTF8.self)
        disclosures = try parts.disclosures.map { try Disclosure(encoded: String(decoding: $0.bytes, as: UTF8.self), bytes: $0.bytes) }
        keyBindingJWT = parts.keyBindingJWT.map { String(decoding: $0, as: UTF8.self) }
        withoutKeyBinding = String(decoding: parts.withoutKeyBinding, as: UTF8.self)
    }

    init(issuerSignedJWT: String, disclosures: [Disclosure], keyBindingJWT: String? = nil) {
        self.issuerSignedJWT = issuerSignedJWT
        self.disclosures = disclosures
        self.keyBindingJWT = keyBindingJWT
        self.withoutKeyBinding = ([issuerSignedJWT] + disclosures.map(\.encoded)).joined(separator: "~") + "~"
    }

    /// The compact serialization.
    public var serialized: String { withoutKeyBinding + (keyBindingJWT ?? "") }

    /// A summary without content: SD-JWTs carry personal data, identity numbers among it, so
    /// only ``serialized`` gives the text.
    public var description: String {
        "SDJWT(\(disclosures.count) disclosures, key binding: \(keyBindingJWT == nil ? "no" : "yes"))"
    }
}
