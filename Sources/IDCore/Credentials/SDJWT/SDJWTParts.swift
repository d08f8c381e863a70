/// The `~`-separated parts of a compact SD-JWT as slices of its UTF-8 bytes, checked for shape
/// only: what ``SDJWT/init(parsing:)`` builds its strings and disclosures from, and what the
/// verifier works on directly, decoding each disclosure only where the payload references it.
struct SDJWTParts {
    /// The issuer-signed JWT.
    let issuerSignedJWT: ArraySlice<UInt8>
    /// The encoded disclosures, in the order they appear.
    let disclosures: [EncodedDisclosure]
    /// The key-binding JWT, or nil when the SD-JWT ends with `~`.
    let keyBindingJWT: ArraySlice<UInt8>?
    /// Everything up to and including the last `~`: what `sd_hash` covers.
    let withoutKeyBinding: ArraySlice<UInt8>

    /// Splits `bytes` on `~`; refuses an SD-JWT without an issuer-signed JWT and a final `~`,
    /// or with an empty disclosure. Split on the bytes, not a String: splitting a String walks
    /// grapheme clusters, which once dominated the cost of verifying a presentation.
    init(splitting bytes: [UInt8]) throws {
        let separated = Self.partsBeforeSeparators(in: bytes)
        guard let first = separated.first, let lastEnded = separated.last, !first.isEmpty else {
            throw IDCoreError(.malformedCredential, "An SD-JWT is an issuer-signed JWT followed by '~'-separated disclosures and a final '~'.")
        }
        let middle = separated.dropFirst()
        guard middle.allSatisfy({ !$0.isEmpty }) else {
            throw IDCoreError(.malformedCredential, "An SD-JWT has an empty disclosure between two '~'.")
        }
        let end = lastEnded.endIndex + 1
        issuerSignedJWT = first
        disclosures = middle.map(EncodedDisclosure.init)
        keyBindingJWT = end < bytes.count ? bytes[end...] : nil
        withoutKeyBinding = bytes[..<end]
    }

    /// Each part that a `~` ends, in order.
    private static func partsBeforeSeparators(in bytes: [UInt8]) -> [ArraySlice<UInt8>] {
        var parts: [ArraySlice<UInt8>] = []
        // Room for a typical presentation up front, rather than growing from one part.
        parts.reserveCapacity(16)
        var start = 0
        while let end = bytes[...].firstIndex(ofByte: UInt8(ascii: "~"), from: start) {
            parts.append(bytes[start..<end])
            start = end + 1
        }
        return parts
    }
}
