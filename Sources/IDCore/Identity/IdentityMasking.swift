/// How an identifier prints: how many characters stay visible at each end, and what replaces
/// the rest.
///
/// Identifiers in this SDK print masked by default so that a log line or an error message never
/// carries a whole identity number. The full value is reachable only through an explicitly
/// named accessor (`ResidentIDNumber.fullNumber`).
public struct IdentityMasking: Sendable, Hashable {
    /// Characters shown at the start.
    public var visiblePrefix: Int
    /// Characters shown at the end.
    public var visibleSuffix: Int
    /// The character that stands for each hidden one.
    public var maskCharacter: Character

    /// Creates a masking rule; negative counts are treated as zero.
    public init(visiblePrefix: Int, visibleSuffix: Int, maskCharacter: Character = "*") {
        self.visiblePrefix = max(0, visiblePrefix)
        self.visibleSuffix = max(0, visibleSuffix)
        self.maskCharacter = maskCharacter
    }

    /// The default for resident identity numbers: the 6-digit division and the last 4
    /// characters, `440115********149X`.
    public static let identityNumber = IdentityMasking(visiblePrefix: 6, visibleSuffix: 4)

    /// Hides every character.
    public static let hidden = IdentityMasking(visiblePrefix: 0, visibleSuffix: 0)

    /// `text` with the middle replaced. When the visible parts would cover the whole text, only
    /// its first and last quarter stay visible, so a masked value never shows everything.
    public func apply(to text: String) -> String {
        let characters = Array(text)
        var prefix = visiblePrefix
        var suffix = visibleSuffix
        if prefix + suffix >= characters.count {
            prefix = min(prefix, characters.count / 4)
            suffix = min(suffix, characters.count / 4)
        }
        let hidden = characters.count - prefix - suffix
        return String(characters.prefix(prefix)) + String(repeating: maskCharacter, count: hidden) + String(characters.suffix(suffix))
    }
}
