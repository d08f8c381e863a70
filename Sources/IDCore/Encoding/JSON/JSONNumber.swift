/// A JSON number with a fraction or an exponent, kept exactly as it was written.
///
/// A binary `Double` cannot hold most decimal fractions: `0.1` becomes
/// 0.1000000000000000055…, and above 2^53 not every integer of a 16-digit amount survives. A
/// value that carries money (the national medical-insurance interface writes `160.50` for
/// 160 yuan 50 fen) must come out of a parser as the digits it went in with, so the number
/// keeps its text; ``doubleValue`` converts when a binary value is what the caller wants.
///
/// Two numbers are equal when their texts are: `1.50` and `1.5` are different JSON texts and
/// stay different values, which is what "kept as written" means.
public struct JSONNumber: Sendable, Hashable, CustomStringConvertible {
    /// The number as written: RFC 8259 grammar, finite as a double.
    public let text: String

    /// Reads a number in RFC 8259 grammar (`-12.50`, `3e-2`); nil for anything else, for
    /// integers (which are ``JSONValue/integer(_:)``) or for a value beyond a double's range.
    public init?(text: String) {
        // The parser allows white space around a value; a number's text is the number alone.
        guard case .number(let number)? = try? JSONValue(parsing: Array(text.utf8)), number.text == text else { return nil }
        self = number
    }

    /// The number of a finite double, in Swift's shortest form that reads back to the same
    /// double; integral values below 10^15 are written without a fraction.
    public init(_ value: Double) throws {
        guard value.isFinite else {
            throw IDCoreError(.invalidParameter, "JSON has no form for \(value).")
        }
        self.init(validated: value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : "\(value)")
    }

    /// A text the caller has already checked against the grammar (the parser, a decimal
    /// formatter that writes only digits, a sign and a point).
    package init(validated text: String) {
        self.text = text
    }

    /// The nearest double.
    public var doubleValue: Double { Double(text) ?? .nan }

    /// The number as written.
    public var description: String { text }
}
