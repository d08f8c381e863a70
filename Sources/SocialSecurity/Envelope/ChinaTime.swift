import Foundation
import IDCore

/// A moment in China Standard Time, broken into its civil fields, and the forms the protocol
/// writes it in: RFC 3339 in the signature headers, `yyyy-MM-dd HH:mm:ss` in the national
/// envelope, `yyyyMMddHHmmss` inside message ids and `yyyyMMddHHmmssSSS` in answers.
///
/// Written and read by hand: every signed message carries several, and `DateFormatter` or
/// `Date.ISO8601FormatStyle` cost microseconds each way (and the latter writes `+0800`, which
/// RFC 3339 does not allow).
package struct ChinaTime {
    private static let offsetSeconds = 8 * 3600

    let date: CalendarDate
    let hour: Int
    let minute: Int
    let second: Int
    let millisecond: Int

    package init(_ moment: Date) {
        date = CalendarDate.today(now: moment, in: CalendarDate.chinaStandardTime)
        let milliseconds = Int((moment.timeIntervalSince1970 * 1000).rounded(.down)) + Self.offsetSeconds * 1000
        let ofDay = (milliseconds % 86_400_000 + 86_400_000) % 86_400_000
        hour = ofDay / 3_600_000
        minute = ofDay % 3_600_000 / 60000
        second = ofDay % 60000 / 1000
        millisecond = ofDay % 1000
    }

    /// `2026-11-25T20:00:00+08:00`.
    var rfc3339: String {
        String(unsafeUninitializedCapacity: 25) { buffer in
            buffer.writeASCII("+08:00", at: writeDateTime(into: buffer, separator: "T"))
        }
    }

    /// `2026-11-25 20:00:00`, the national interface's 日期时间型.
    package var interfaceDateTime: String {
        String(unsafeUninitializedCapacity: 19) { writeDateTime(into: $0, separator: " ") }
    }

    /// `20261125200000`.
    package var compact: String {
        String(unsafeUninitializedCapacity: 14) { writeCompact(into: $0, at: 0) }
    }

    /// `20261125200000123`.
    var compactWithMilliseconds: String {
        String(unsafeUninitializedCapacity: 17) { buffer in
            buffer.writeDecimal(millisecond, width: 3, at: writeCompact(into: buffer, at: 0))
        }
    }

    /// Writes `yyyyMMddHHmmss` at `offset`; returns the offset after it.
    package func writeCompact(into buffer: UnsafeMutableBufferPointer<UInt8>, at offset: Int) -> Int {
        var end = buffer.writeDecimal(date.year, width: 4, at: offset)
        end = buffer.writeDecimal(date.month, width: 2, at: end)
        end = buffer.writeDecimal(date.day, width: 2, at: end)
        end = buffer.writeDecimal(hour, width: 2, at: end)
        end = buffer.writeDecimal(minute, width: 2, at: end)
        return buffer.writeDecimal(second, width: 2, at: end)
    }

    /// `2026-11-25T20:00:00` or `2026-11-25 20:00:00`, written straight into a string's
    /// storage: every signed message carries several. The year is the clock's, four digits
    /// until 9999.
    private func writeDateTime(into buffer: UnsafeMutableBufferPointer<UInt8>, separator: StaticString) -> Int {
        var end = buffer.writeDecimal(date.year, width: 4, at: 0)
        end = buffer.writeASCII("-", at: end)
        end = buffer.writeDecimal(date.month, width: 2, at: end)
        end = buffer.writeASCII("-", at: end)
        end = buffer.writeDecimal(date.day, width: 2, at: end)
        end = buffer.writeASCII(separator, at: end)
        end = buffer.writeDecimal(hour, width: 2, at: end)
        end = buffer.writeASCII(":", at: end)
        end = buffer.writeDecimal(minute, width: 2, at: end)
        end = buffer.writeASCII(":", at: end)
        return buffer.writeDecimal(second, width: 2, at: end)
    }

    /// Reads `yyyy-MM-dd HH:mm:ss` in China Standard Time.
    static func parseInterfaceDateTime(_ text: String, member: String) throws -> Date {
        var text = text
        let local: Int? = text.withUTF8 { bytes in
            var reader = Reader(bytes: bytes)
            guard let local = reader.localDateTime(separators: (UInt8(ascii: " "), UInt8(ascii: " "))), reader.isAtEnd else { return nil }
            return local
        }
        guard let local else {
            throw ConnectorError(.malformedRequest, "'\(member)' is not a time of the form yyyy-MM-dd HH:mm:ss.")
        }
        return Date(timeIntervalSince1970: Double(local - offsetSeconds))
    }

    /// Reads `yyyyMMddHHmmss` in China Standard Time.
    static func parseCompact(_ bytes: UnsafeBufferPointer<UInt8>.SubSequence) -> Date? {
        guard bytes.count == 14, bytes.allSatisfy({ $0.asciiDigitValue != nil }) else { return nil }
        func field(_ start: Int, _ count: Int) -> Int {
            bytes[(bytes.startIndex + start)..<(bytes.startIndex + start + count)].reduce(0) { $0 * 10 + ($1.asciiDigitValue ?? 0) }
        }
        guard let date = try? CalendarDate(year: field(0, 4), month: field(4, 2), day: field(6, 2)) else { return nil }
        let (hour, minute, second) = (field(8, 2), field(10, 2), field(12, 2))
        guard hour <= 23, minute <= 59, second <= 60 else { return nil }
        return Date(timeIntervalSince1970: Double(date.daysSinceEpoch * 86400 + hour * 3600 + minute * 60 + second - offsetSeconds))
    }

    /// Reads RFC 3339 `date-time`: `T` or `t`, optional fractional seconds, and `Z`, `z` or a
    /// `±hh:mm` offset.
    static func parseRFC3339(_ text: String) throws -> Date {
        var text = text
        let seconds: Double? = text.withUTF8 { bytes in
            var reader = Reader(bytes: bytes)
            guard let local = reader.localDateTime(separators: (UInt8(ascii: "T"), UInt8(ascii: "t"))) else { return nil }
            var fraction = 0.0
            if reader.skip(".") {
                var scale = 0.1
                var digits = 0
                while let digit = reader.nextDigit() {
                    fraction += Double(digit) * scale
                    scale /= 10
                    digits += 1
                }
                guard digits > 0 else { return nil }
            }
            guard let offset = reader.offsetSeconds(), reader.isAtEnd else { return nil }
            return Double(local - offset) + fraction
        }
        guard let seconds else {
            throw ConnectorError(.malformedRequest, "'\(text.prefix(40))' is not an RFC 3339 time with an offset.")
        }
        return Date(timeIntervalSince1970: seconds)
    }

    private struct Reader {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0

        var isAtEnd: Bool { index == bytes.count }

        /// `yyyy-MM-dd<separator>HH:mm:ss` as seconds since the epoch in local time.
        mutating func localDateTime(separators: (UInt8, UInt8)) -> Int? {
            guard bytes.count >= 19, bytes[10] == separators.0 || bytes[10] == separators.1,
                  let year = number(digits: 4), skip("-"), let month = number(digits: 2), skip("-"), let day = number(digits: 2),
                  let date = try? CalendarDate(year: year, month: month, day: day)
            else { return nil }
            index = 11
            guard let hour = number(digits: 2), skip(":"), let minute = number(digits: 2), skip(":"), let second = number(digits: 2),
                  hour <= 23, minute <= 59, second <= 60
            else { return nil }
            return date.daysSinceEpoch * 86400 + hour * 3600 + minute * 60 + second
        }

        mutating func offsetSeconds() -> Int? {
            if skip("Z") || skip("z") { return 0 }
            let sign: Int
            if skip("+") { sign = 1 } else if skip("-") { sign = -1 } else { return nil }
            guard let hours = number(digits: 2), skip(":"), let minutes = number(digits: 2), hours <= 23, minutes <= 59 else { return nil }
            return sign * (hours * 3600 + minutes * 60)
        }

        private mutating func number(digits count: Int) -> Int? {
            var value = 0
            for _ in 0..<count {
                guard let digit = nextDigit() else { return nil }
                value = value * 10 + digit
            }
            return value
        }

        mutating func nextDigit() -> Int? {
            guard index < bytes.count, let digit = bytes[index].asciiDigitValue else { return nil }
            index += 1
            return digit
        }

        mutating func skip(_ character: Unicode.Scalar) -> Bool {
            guard index < bytes.count, bytes[index] == UInt8(ascii: character) else { return false }
            index += 1
            return true
        }
    }
}
