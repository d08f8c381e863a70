import Foundation

/// The `~`-separated parts of a compact SD-JWT as slices of its UTF-8 bytes, checked for shape
/// only: what ``SDJWT/init(parsing:)`` builds its strings and disclosures from, and what the
/// verifier works on directly, decoding each disclosure only where the payload references it.
struct SDJWTParts {
    /// The issuer-signed JWT.
    let issuerSignedJWT: ArraySlice<UInt8>
    /// The encoded disclosures, in the order they appear.
    let disclosures: [ArraySlice<UInt8>]
    /// The key-binding JWT, or nil when the SD-JWT ends with `~`.
    let keyBindingJWT: ArraySlice<UInt8>?
    /// Everything up to and including the last `~`: what `sd_hash` covers.
    let withoutKeyBinding: ArraySlice<UInt8>

    /// Splits `bytes` on `~`; refuses an SD-JWT without an issuer-signed JWT and a final `~`,
    /// or with an empty disclosure.
    init(splitting bytes: [UInt8]) throws {
        // Split on the UTF-8 bytes: splitting a String walks grapheme clusters, which dominated
        // the cost of verifying a presentation.
        let bounds = [-1] + Self.separatorPositions(in: bytes) + [bytes.count]
        let parts = zip(bounds, bounds.dropFirst()).map { bytes[($0 + 1)..<$1] }
        guard parts.count >= 2, let first = parts.first, let last = parts.last, !first.isEmpty else {
            throw IDCoreError(.malformedCredential, "An SD-JWT is an issuer-signed JWT followed by '~'-separated disclosures and a final '~'.")
        }
        let middle = parts.dropFirst().dropLast()
        guard middle.allSatisfy({ !$0.isEmpty }) else {
            throw IDCoreError(.malformedCredential, "An SD-JWT has an empty disclosure between two '~'.")
        }
        issuerSignedJWT = first
        disclosures = Array(middle)
        keyBindingJWT = last.isEmpty ? nil : last
        withoutKeyBinding = bytes[..<last.startIndex]
    }

    /// The positions of every `~`, found by `memchr`, which tests many bytes per step: a
    /// presentation is kilobytes of base64url with a handful of separators.
    private static func separatorPositions(in bytes: [UInt8]) -> [Int] {
        bytes.withUnsafeBufferPointer { buffer in
            var positions: [Int] = []
            guard let base = buffer.baseAddress else { return positions }
            var offset = 0
            while offset < buffer.count, let found = memchr(base + offset, Int32(UInt8(ascii: "~")), buffer.count - offset) {
                offset = base.distance(to: found.assumingMemoryBound(to: UInt8.self)) + 1
                positions.append(offset - 1)
            }
            return positions
        }
    }
}
