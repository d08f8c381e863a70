/// A person's name as it appears on an identity document: Han characters, and for many
/// minority names parts joined by the middle dot, `买买提·艾力`; or, for a foreign guest, the
/// name in Latin script as the passport or permanent residence card prints it,
/// `O'BRIEN-SMITH, MARÍA JOSÉ`.
///
/// Han names: look-alike separators (`・`, `‧`, `･`, `•`, `．`) are normalised to U+00B7 `·`;
/// a name may not start or end with the dot, nor hold two in a row. Characters beyond the basic
/// CJK block (extensions A to G, used for rare surnames) are accepted. Latin names: see
/// ``LatinScriptName``. A name is in one script, never mixed.
public struct PersonName: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The normalised name.
    public let value: String
    /// The script the name is written in.
    public let script: Script

    /// The script of a name.
    public enum Script: Sendable, Hashable {
        /// Han characters, with the middle dot.
        case han
        /// Latin letters, as foreign documents print names.
        case latin
    }

    /// The separator GB 11643 documents use between the parts of a name.
    public static let middleDot: Character = "\u{00B7}"

    private static let middleDotScalar: Unicode.Scalar = "\u{00B7}"
    private static let lookAlikeDots: [Unicode.Scalar] = ["\u{30FB}", "\u{2027}", "\u{FF65}", "\u{2022}", "\u{FF0E}"]

    /// Validates and normalises a name.
    ///
    /// Read on Unicode scalars, not characters: a valid name is one scalar per character (Han or
    /// the dot), so anything else is refused without grapheme breaking, which cost more than the
    /// rest of reading a platform's answer. A name that needs no trimming and no normalising is
    /// kept as the very string given, without building another.
    public init(_ text: String) throws {
        let scalars = text.unicodeScalars
        let start = scalars.firstIndex { !Self.isWhitespace($0) } ?? scalars.endIndex
        let end = scalars.lastIndex { !Self.isWhitespace($0) }.map { scalars.index(after: $0) } ?? start
        let name = scalars[start..<end]
        var count = 0
        var hasLookAlike = false
        var bad: Unicode.Scalar?
        // Look-alikes count as the dot they become.
        var misplacedDot = false
        var previousIsDot = false
        for scalar in name {
            count += 1
            var isDot = false
            if Self.isHan(scalar) {
                // The common case first: no table to search.
            } else if scalar == Self.middleDotScalar {
                isDot = true
            } else if Self.lookAlikeDots.contains(scalar) {
                hasLookAlike = true
                isDot = true
            } else if bad == nil {
                bad = scalar
            }
            misplacedDot = misplacedDot || (isDot && (count == 1 || previousIsDot))
            previousIsDot = isDot
        }
        guard (1...LatinScriptName.maximumLength).contains(count) else {
            // Counted in characters, as a reader counts them.
            throw IDCoreError(.invalidPersonalData, "A name has 1 to 64 characters (\(LatinScriptName.maximumLength) in Latin script); this one has \(String(name).count).")
        }
        guard count <= 64 || !name.contains(where: Self.isHan) else {
            throw IDCoreError(.invalidPersonalData, "A name in Han characters has 1 to 64 characters; this one has \(String(name).count).")
        }
        if let bad {
            if !name.contains(where: Self.isHan), let latin = LatinScriptName.normalized(String(name)) {
                value = latin
                script = .latin
                return
            }
            throw IDCoreError(.invalidPersonalData, "A name holds Han characters and the middle dot, or Latin letters with spaces, hyphens, apostrophes, commas and full stops; found '\(bad)' (U+\(String(bad.value, radix: 16, uppercase: true))).")
        }
        guard !misplacedDot, !previousIsDot else {
            throw IDCoreError(.invalidPersonalData, "The middle dot separates parts of a name; it cannot start or end it or appear twice in a row.")
        }
        script = .han
        if hasLookAlike {
            value = String(String.UnicodeScalarView(name.map { Self.lookAlikeDots.contains($0) ? Self.middleDotScalar : $0 }))
        } else if start == scalars.startIndex, end == scalars.endIndex {
            value = text
        } else {
            value = String(name)
        }
    }

    /// The parts of a Han name separated by middle dots (one part for most Han names); the
    /// words of a Latin name.
    public var parts: [String] {
        script == .han ? value.split(separator: Self.middleDot).map(String.init) : value.split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init)
    }

    public var description: String { value }

    public init(from decoder: any Decoder) throws {
        try self.init(decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }

    /// Unicode white space, with the answer for Han characters and ASCII found without the
    /// property tables: a name's first and last characters are checked on every read.
    private static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        if isHan(scalar) { return false }
        if scalar.isASCII { return scalar == " " || (0x09...0x0D).contains(scalar.value) }
        return scalar.properties.isWhitespace
    }

    static func isHan(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x3134F: true
        default: false
        }
    }
}

extension String {
    /// The text without leading and trailing white space (Unicode-aware, no Foundation). Only
    /// the ends are walked: rebuilding the string character by character cost more than the
    /// rest of decoding a card.
    func trimmingWhitespace() -> String {
        guard let first = firstIndex(where: { !$0.isWhitespace }), let last = lastIndex(where: { !$0.isWhitespace }) else { return "" }
        return first == startIndex && last == index(before: endIndex) ? self : String(self[first...last])
    }
}
