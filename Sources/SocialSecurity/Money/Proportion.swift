import IDCore

/// A ratio of type 5,4 (`selfpay_prop`, `pool_prop_selfpay`): `0.7`, `1`, `0.1500`. Between
/// 0 and 9.9999, as the type can write; payment ratios are between 0 and 1.
public struct Proportion: FixedPointDecimal {
    package static let fractionDigits = 4
    package static let totalDigits = 5
    package static let kindName = "a proportion"
    package static let allowsNegative = false

    /// The proportion in units of 0.0001.
    public let tenThousandths: Int64

    package var scaledValue: Int64 { tenThousandths }

    package init(uncheckedScaledValue: Int64) {
        tenThousandths = uncheckedScaledValue
    }

    /// Reads `0.7`, `1` or `0.1500`; throws `invalid-amount` otherwise.
    public init(_ text: String) throws {
        try self.init(decimalText: text)
    }

    /// Nothing of the whole.
    public static let zero = Proportion(uncheckedScaledValue: 0)

    /// All of it.
    public static let whole = Proportion(uncheckedScaledValue: 10_000)

    /// `1 - self`, for a proportion of at most 1.
    public func complement() throws -> Proportion {
        try Proportion(checkedScaledValue: Self.unit - tenThousandths)
    }

    /// The shortest form: `0.7`.
    public var description: String { decimalText(minimumFractionDigits: 0) }

    /// The JSON number in its shortest form.
    package var json: JSONValue { json(minimumFractionDigits: 0) }
}
