extension String {
    /// `value` written in `radix`, padded on the left with zeros to `width` digits: what `%02d`
    /// and `%02X` give, without Foundation's format parser, which costs microseconds on every
    /// date and time a signed message carries.
    package init(_ value: some BinaryInteger, radix: Int = 10, uppercase: Bool = false, zeroPaddedTo width: Int) {
        let digits = String(value, radix: radix, uppercase: uppercase)
        self = digits.count < width ? String(repeating: "0", count: width - digits.count) + digits : digits
    }
}
