import Foundation

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
        // Split on the UTF-8 bytes: splitting the String itself walks grapheme clusters, which
        // dominated the cost of verifying a presentation.
        let bytes = Array(text.utf8)
        let bounds = [-1] + Self.separatorPositions(in: bytes) + [bytes.count]
        let parts = zip(bounds, bounds.dropFirst()).map { bytes[($0 + 1)..<$1] }
        guard parts.count >= 2, let first = parts.first, !first.isEmpty else {
            throw IDCoreError(.malformedCredential, "An SD-JWT is an issuer-signed JWT followed by '~'-separated disclosures and a final '~'.")
        }
        let middle = parts.dropFirst().dropLast()
        guard middle.allSatisfy({ !$0.isEmpty }) else {
            throw IDCoreError(.malformedCredential, "An SD-JWT has an empty disclosure between two '~'.")
        }
        issuerSignedJWT = String(decoding: first, as: UTF8.self)
        disclosures = try middle.map { try Disclosure(encoded: String(decoding: $0, as: UTF8.self), bytes: $0) }
        keyBindingJWT = parts.last.flatMap { $0.isEmpty ? nil : String(decoding: $0, as: UTF8.self) }
        withoutKeyBinding = String(decoding: bytes[..<(parts.last?.startIndex ?? bytes.endIndex)], as: UTF8.self)
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
