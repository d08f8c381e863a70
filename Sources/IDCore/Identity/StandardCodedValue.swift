/// A value that a national standard identifies by a code (GB/T 2260 divisions, GB/T 3304
/// ethnic groups): equal when the codes are equal, and encoded as the code alone.
public protocol StandardCodedValue: Hashable, Codable {
    /// The code of the standard.
    var code: String { get }

    /// Looks the value up by its code; an unknown code is an error, never a guess.
    init(code: String) throws
}

extension StandardCodedValue {
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }

    public func hash(into hasher: inout Hasher) { hasher.combine(code) }

    /// Decodes from the code, refusing unknown codes.
    public init(from decoder: any Decoder) throws {
        try self.init(code: decoder.singleValueContainer().decode(String.self))
    }

    /// Encodes as the code.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(code)
    }
}
