/// A person's name as it appears on a Chinese identity document: Han characters, and for many
/// minority names parts joined by the middle dot, `买买提·艾力`.
///
/// Look-alike separators (`・`, `‧`, `･`, `•`, `．`) are normalised to U+00B7 `·`; a name may
/// not start or end with the dot, nor hold two in a row. Characters beyond the basic CJK block
/// (extensions A to G, used for rare surnames) are accepted.
public struct PersonName: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The normalised name.
    public let value: String

    /// The separator GB 11643 documents use between the parts of a name.
    public static let middleDot: Character = "\u{00B7}"

    private static let lookAlikeDots: Set<Character> = ["\u{30FB}", "\u{2027}", "\u{FF65}", "\u{2022}", "\u{FF0E}"]

    /// Validates and normalises a name.
    public init(_ text: String) throws {
        let normalised = String(text.trimmingWhitespace().map { Self.lookAlikeDots.contains($0) ? Self.middleDot : $0 })
        guard (1...64).contains(normalised.count) else {
            throw IDCoreError(.invalidPersonalData, "A name has 1 to 64 characters; this one has \(normalised.count).")
        }
        if let bad = normalised.first(where: { $0 != Self.middleDot && !Self.isHan($0) }) {
            throw IDCoreError(.invalidPersonalData, "A name holds Han characters and the middle dot only; found '\(bad)' (U+\(String(bad.unicodeScalars.first?.value ?? 0, radix: 16, uppercase: true))).")
        }
        guard normalised.first != Self.middleDot, normalised.last != Self.middleDot,
              !normalised.contains("\(Self.middleDot)\(Self.middleDot)")
        else {
            throw IDCoreError(.invalidPersonalData, "The middle dot separates parts of a name; it cannot start or end it or appear twice in a row.")
        }
        value = normalised
    }

    /// The parts of a name separated by middle dots (one part for most Han names).
    public var parts: [String] { value.split(separator: Self.middleDot).map(String.init) }

    public var description: String { value }

    public init(from decoder: any Decoder) throws {
        try self.init(decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }

    private static func isHan(_ character: Character) -> Bool {
        character.unicodeScalars.count == 1 && character.unicodeScalars.allSatisfy { scalar in
            switch scalar.value {
            case 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x3134F: true
            default: false
            }
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
