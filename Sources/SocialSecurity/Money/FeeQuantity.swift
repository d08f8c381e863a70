import IDCore

/// How many units of an item were billed: the national interface's `cnt`, 16,4 (`1.5` boxes,
/// `0.25` of a course). Never negative: a refund is a reversal and a new settlement, not a
/// negative line.
public struct FeeQuantity: FixedPointDecimal {
    package static let fractionDigits = 4
    package static let totalDigits = 16
    package static let kindName = "a quantity"
    package static let allowsNegative = false

    /// The quantity in units of 0.0001.
    public let tenThousandths: Int64

    package var scaledValue: Int64 { tenThousandths }

    package init(uncheckedScaledValue: Int64) {
        tenThousandths = uncheckedScaledValue
    }

    /// Reads `3`, `1.5` or `0.0001`; negative values, more than four decimals or twelve
    /// integer digits throw `invalid-amount`.
    public init(_ text: String) throws {
        try self.init(decimalText: text)
    }

    /// A whole number of units.
    public init(units: Int) throws {
        guard let scaled = Int64(exactly: units), case let (value, false) = scaled.multipliedReportingOverflow(by: Self.unit) else {
            throw ConnectorError(.invalidAmount, "\(units) units do not fit a quantity.")
        }
        try self.init(checkedScaledValue: value)
    }

    /// `self - other`, or `invalid-amount` when `other` is larger.
    public func subtracting(_ other: FeeQuantity) throws -> FeeQuantity {
        try FeeQuantity(checkedScaledValue: tenThousandths - other.tenThousandths)
    }

    /// Whether the quantity is zero.
    public var isZero: Bool { tenThousandths == 0 }

    /// The shortest form: `3`, `1.5`.
    public var description: String { decimalText(minimumFractionDigits: 0) }

    /// The JSON number in its shortest form.
    package var json: JSONValue { json(minimumFractionDigits: 0) }
}
