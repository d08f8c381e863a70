extension String {
    /// `value` written in `radix`, padded on the left with zeros to `width` digits: what `%02d`
    /// and `%02X` give, without Foundation's format parser, which costs microseconds on every
    /// date and time a signed message carries.
    package init(_ value: some BinaryInteger, radix: Int = 10, uppercase: Bool = false, zeroPaddedTo width: Int) {
        let digits = String(value, radix: radix, uppercase: uppercase)
        self = digits.count < width ? String(repeating: "0", count: width - digits.count) + digits : digits
    }
}

extension UnsafeMutableBufferPointer<UInt8> {
    /// Writes the magnitude of `value` in decimal, zero-padded to `width` digits (the leading digits
    /// dropped if it has more), at `offset`; returns the offset after it. For fixed-layout dates
    /// and times written straight into a string's storage.
    package func writeDecimal(_ value: Int, width: Int, at offset: Int) -> Int {
        var remaining = value.magnitude
        for position in stride(from: offset + width - 1, through: offset, by: -1) {
            self[position] = UInt8(ascii: "0") + UInt8(remaining % 10)
            remaining /= 10
        }
        return offset + width
    }

    /// Writes the ASCII `text` at `offset`; returns the offset after it.
    package func writeASCII(_ text: StaticString, at offset: Int) -> Int {
        let bytes = UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount)
        for (index, byte) in bytes.enumerated() { self[offset + index] = byte }
        return offset + bytes.count
    }
}

extension UInt8 {
    /// The value of an ASCII decimal digit, or nil for any other byte: the readers of JSON
    /// numbers, dates and protocol times all take digits from raw bytes. Inlinable: it is
    /// called per byte from other modules, where a call cost more than the test.
    @inlinable
    package var asciiDigitValue: Int? {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(self) ? Int(self - UInt8(ascii: "0")) : nil
    }
}
