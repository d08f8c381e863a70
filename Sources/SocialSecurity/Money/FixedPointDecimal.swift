import IDCore

/// A decimal number of the national interface's `数值型 m,n` kind (16,2 for amounts, 16,4 for
/// quantities, 16,6 for unit prices, 5,4 for ratios), held exactly as an integer count of its
/// smallest unit: `160.50` yuan is 16050 fen. Every value that exists is in range, and reading
/// or computing one never goes through binary floating point.
package protocol FixedPointDecimal: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Digits after the point (the `n` of `m,n`).
    static var fractionDigits: Int { get }
    /// Digits in all (the `m` of `m,n`).
    static var totalDigits: Int { get }
    /// What the value is, for error messages: "an amount", "a quantity".
    static var kindName: String { get }
    /// Whether the value may be below zero: amounts of a reversal are; quantities and prices
    /// are not.
    static var allowsNegative: Bool { get }
    /// The value in units of 10^-fractionDigits.
    var scaledValue: Int64 { get }
    /// A value already known to be in range.
    init(uncheckedScaledValue: Int64)
}

extension FixedPointDecimal {
    /// The largest magnitude `m,n` can write: `m` nines.
    static var maximumScaledValue: Int64 {
        var value: Int64 = 0
        for _ in 0..<totalDigits { value = value * 10 + 9 }
        return value
    }

    /// 10^fractionDigits.
    static var unit: Int64 {
        var value: Int64 = 1
        for _ in 0..<fractionDigits { value *= 10 }
        return value
    }

    /// A value in range, or `invalid-amount`.
    init(checkedScaledValue value: Int64) throws {
        guard value.magnitude <= Self.maximumScaledValue.magnitude else {
            throw ConnectorError(.invalidAmount, "\(Self.kindName) of \(value) units of 10^-\(Self.fractionDigits) does not fit \(Self.totalDigits),\(Self.fractionDigits).")
        }
        guard value >= 0 || Self.allowsNegative else {
            throw ConnectorError(.invalidAmount, "\(Self.kindName) may not be negative.")
        }
        self.init(uncheckedScaledValue: value)
    }

    /// Reads `-?digits(.digits)?`: at most `totalDigits - fractionDigits` digits before the
    /// point, and no digit but zero beyond `fractionDigits` after it (`1.500` is 1.50, `1.505`
    /// is not an amount of fen). No exponent, no sign but a leading minus, no spaces.
    init(decimalText text: String) throws {
        func refuse(_ why: String) -> ConnectorError {
            ConnectorError(.invalidAmount, "'\(text.prefix(40))' is not \(Self.kindName) of the form \(Self.totalDigits),\(Self.fractionDigits): \(why).")
        }
        var text = text
        // One pass over the contiguous bytes: every amount of every answer is read here.
        let parsed: Result<Int64, ConnectorError> = text.withUTF8 { bytes in
            var index = 0
            let negative = bytes.first == UInt8(ascii: "-")
            if negative { index += 1 }
            let integerStart = index
            var value: Int64 = 0
            var significantDigits = 0
            while index < bytes.count, let digit = bytes[index].asciiDigitValue {
                // Leading zeros are not significant; 14 digits are checked below, before any
                // product could leave 64 bits.
                if significantDigits > 0 || digit != 0 { significantDigits += 1 }
                if significantDigits <= Self.totalDigits - Self.fractionDigits { value = value * 10 + Int64(digit) }
                index += 1
            }
            guard index > integerStart else { return .failure(refuse("it has no digits before the point")) }
            guard significantDigits <= Self.totalDigits - Self.fractionDigits else { return .failure(refuse("it has too many digits before the point")) }
            var fractionDigits = 0
            if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
                index += 1
                while index < bytes.count, let digit = bytes[index].asciiDigitValue {
                    fractionDigits += 1
                    if fractionDigits <= Self.fractionDigits {
                        value = value * 10 + Int64(digit)
                    } else if digit != 0 {
                        return .failure(refuse("it has more than \(Self.fractionDigits) decimals"))
                    }
                    index += 1
                }
                guard fractionDigits > 0 else { return .failure(refuse("it has no digits after the point")) }
            }
            guard index == bytes.count else { return .failure(refuse("it has characters that are not digits")) }
            for _ in min(fractionDigits, Self.fractionDigits)..<Self.fractionDigits { value *= 10 }
            return .success(negative ? -value : value)
        }
        try self.init(checkedScaledValue: parsed.get())
    }

    /// Digits with exactly `minimumFractionDigits` to `fractionDigits` decimals: trailing zeros
    /// beyond the minimum are left out.
    func decimalText(minimumFractionDigits: Int) -> String {
        let magnitude = scaledValue.magnitude
        let unit = UInt64(Self.unit)
        var fraction = magnitude % unit
        var fractionDigits = Self.fractionDigits
        while fractionDigits > minimumFractionDigits, fraction % 10 == 0 {
            fraction /= 10
            fractionDigits -= 1
        }
        // Written backwards into a stack buffer: a sign, 16 digits and the point fit in 18.
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 24) { buffer in
            var position = buffer.count
            func prepend(_ byte: UInt8) {
                position -= 1
                buffer[position] = byte
            }
            for _ in 0..<fractionDigits {
                prepend(UInt8(ascii: "0") + UInt8(fraction % 10))
                fraction /= 10
            }
            if fractionDigits > 0 { prepend(UInt8(ascii: ".")) }
            var integer = magnitude / unit
            repeat {
                prepend(UInt8(ascii: "0") + UInt8(integer % 10))
                integer /= 10
            } while integer > 0
            if scaledValue < 0 { prepend(UInt8(ascii: "-")) }
            return String(decoding: UnsafeBufferPointer(rebasing: buffer[position...]), as: UTF8.self)
        }
    }

    /// Reads a JSON number or a numeric string (some platforms write amounts as strings), digit
    /// by digit.
    init(json value: JSONValue, member: String) throws {
        switch value {
        case .integer(let integer): try self.init(decimalText: String(integer))
        case .number(let number): try self.init(decimalText: number.text)
        case .string(let text): try self.init(decimalText: text)
        default: throw ConnectorError(.invalidAmount, "'\(member)' must be \(Self.kindName), not \(value.kindName).")
        }
    }

    /// The JSON number, written with `minimumFractionDigits` decimals at least.
    func json(minimumFractionDigits: Int) -> JSONValue {
        let text = decimalText(minimumFractionDigits: minimumFractionDigits)
        if minimumFractionDigits == 0, !text.contains("."), let integer = Int64(text) { return .integer(integer) }
        return .number(JSONNumber(validated: text))
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.scaledValue < rhs.scaledValue }
}

/// `(lhs × rhs) / divisor`, rounded half away from zero (四舍五入), or nil when the result
/// does not fit 64 bits: the exact product of two 64-bit values is held in 128 bits.
func roundedProduct(_ lhs: Int64, _ rhs: Int64, dividedBy divisor: Int64) -> Int64? {
    precondition(divisor > 0)
    let product = lhs.magnitude.multipliedFullWidth(by: rhs.magnitude)
    let unsignedDivisor = UInt64(divisor)
    // dividingFullWidth traps when the quotient does not fit; this is exactly that case.
    guard product.high < unsignedDivisor else { return nil }
    let (quotient, remainder) = unsignedDivisor.dividingFullWidth(product)
    // Half or more of the divisor left over rounds the magnitude up; the remainder is below
    // the divisor, so comparing it with what remains of the divisor cannot overflow.
    let roundsUp = remainder >= unsignedDivisor - remainder
    let (magnitude, overflow) = quotient.addingReportingOverflow(roundsUp ? 1 : 0)
    guard !overflow, magnitude <= UInt64(Int64.max) else { return nil }
    return (lhs < 0) != (rhs < 0) ? -Int64(magnitude) : Int64(magnitude)
}
