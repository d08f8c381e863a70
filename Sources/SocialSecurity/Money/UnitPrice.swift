import IDCore

/// The price of one unit: the national interface's `pric`, 16,6 yuan (`18.5`, `0.012345`).
public struct UnitPrice: FixedPointDecimal {
    package static let fractionDigits = 6
    package static let totalDigits = 16
    package static let kindName = "a unit price"
    package static let allowsNegative = false

    /// The price in millionths of a yuan.
    public let millionths: Int64

    package var scaledValue: Int64 { millionths }

    package init(uncheckedScaledValue: Int64) {
        millionths = uncheckedScaledValue
    }

    /// Reads `18.5` or `0.012345`; negative prices, more than six decimals or ten integer
    /// digits throw `invalid-amount`.
    public init(_ text: String) throws {
        try self.init(decimalText: text)
    }

    /// A price of a whole number of fen.
    public init(_ amount: Yuan) throws {
        guard case let (value, false) = amount.fen.multipliedReportingOverflow(by: Self.unit / Yuan.unit) else {
            throw ConnectorError(.invalidAmount, "\(amount) does not fit a unit price.")
        }
        try self.init(checkedScaledValue: value)
    }

    /// `quantity × self`, rounded half up to the fen: what `det_item_fee_sumamt` must be.
    public func total(for quantity: FeeQuantity) throws -> Yuan {
        // 10^-4 × 10^-6 is 10^-10 of a yuan; the fen is 10^-2.
        guard let fen = roundedProduct(quantity.scaledValue, millionths, dividedBy: FeeQuantity.unit * Self.unit / Yuan.unit) else {
            throw ConnectorError(.invalidAmount, "\(quantity) × \(self) does not fit an amount.")
        }
        return try Yuan(fen: fen)
    }

    /// The shortest form: `18.5`.
    public var description: String { decimalText(minimumFractionDigits: 0) }

    /// The JSON number in its shortest form.
    package var json: JSONValue { json(minimumFractionDigits: 0) }
}
