import IDCore

/// An amount of money, exact to the fen: the national interface's amounts of type 16,2, such
/// as `medfee_sumamt` and `acct_pay`.
///
/// Held as an integer count of fen and bounded to what 16,2 can write (±99,999,999,999,999.99
/// yuan), so that a value that exists can always be sent. Arithmetic is checked: a result out
/// of range throws `invalid-amount`, it never wraps or traps, whatever a message carried.
///
/// ```swift
/// let bill = try Yuan("160.50")
/// let share = try bill.multiplied(by: Proportion("0.7"))   // 112.35, rounded half up
/// print(try bill.subtracting(share))                       // 48.15
/// ```
public struct Yuan: FixedPointDecimal {
    package static let fractionDigits = 2
    package static let totalDigits = 16
    package static let kindName = "an amount"
    package static let allowsNegative = true

    /// The amount in fen (0.01 yuan).
    public let fen: Int64

    package var scaledValue: Int64 { fen }

    package init(uncheckedScaledValue: Int64) {
        fen = uncheckedScaledValue
    }

    /// An amount of `fen` fen; throws `invalid-amount` beyond ±99,999,999,999,999.99 yuan.
    public init(fen: Int64) throws {
        try self.init(checkedScaledValue: fen)
    }

    /// Reads `160.50`, `160.5`, `160` or `-0.01`; more than two decimals (other than zeros),
    /// exponents or other characters throw `invalid-amount`.
    public init(_ text: String) throws {
        try self.init(decimalText: text)
    }

    /// Nothing.
    public static let zero = Yuan(uncheckedScaledValue: 0)

    /// `self + other`, or `invalid-amount` when the sum is out of range.
    public func adding(_ other: Yuan) throws -> Yuan {
        let (sum, overflow) = fen.addingReportingOverflow(other.fen)
        guard !overflow else { throw ConnectorError(.invalidAmount, "The sum of two amounts overflows.") }
        return try Yuan(fen: sum)
    }

    /// `self - other`, or `invalid-amount` when the difference is out of range.
    public func subtracting(_ other: Yuan) throws -> Yuan {
        let (difference, overflow) = fen.subtractingReportingOverflow(other.fen)
        guard !overflow else { throw ConnectorError(.invalidAmount, "The difference of two amounts overflows.") }
        return try Yuan(fen: difference)
    }

    /// The amount with its sign changed; always in range, as the bounds are symmetric.
    public var negated: Yuan { Yuan(uncheckedScaledValue: -fen) }

    /// This amount times `proportion`, rounded half away from zero to the fen (四舍五入).
    public func multiplied(by proportion: Proportion) throws -> Yuan {
        guard let product = roundedProduct(fen, proportion.scaledValue, dividedBy: Proportion.unit) else {
            throw ConnectorError(.invalidAmount, "\(self) × \(proportion) does not fit an amount.")
        }
        return try Yuan(fen: product)
    }

    /// The sum of `amounts`, or `invalid-amount` as soon as a partial sum leaves the range.
    public static func sum(_ amounts: some Sequence<Yuan>) throws -> Yuan {
        try amounts.reduce(Yuan.zero) { try $0.adding($1) }
    }

    /// Yuan with exactly two decimals: `160.50`, `-0.01`, `0.00`.
    public var description: String { decimalText(minimumFractionDigits: 2) }

    /// The JSON number with exactly two decimals.
    package var json: JSONValue { json(minimumFractionDigits: 2) }
}
