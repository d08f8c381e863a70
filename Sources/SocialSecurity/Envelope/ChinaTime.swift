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
    var rfc3339: String { date.description + timeOfDay(separator: "T") + "+08:00" }

    /// `2026-11-25 20:00:00`, the national interface's 日期时间型.
    package var interfaceDateTime: String { date.description + timeOfDay(separator: " ") }

    /// `20261125200000`.
    package var compact: String {
        String(unsafeUninitializedCapacity: 14) { buffer in
            var end = buffer.writeDecimal(date.year, width: 4, at: 0)
            for field in [date.month, date.day, hour, minute, second] { end = buffer.writeDecimal(field, width: 2, at: end) }
            return end
        }
    }

    /// `20261125200000123`.
    var compactWithMilliseconds: String { compact + String(millisecond, zeroPaddedTo: 3) }

    /// `T20:00:00` or ` 20:00:00`, written straight into a small string's storage.
    private func timeOfDay(separator: StaticString) -> String {
        String(unsafeUninitializedCapacity: 9) { buffer in
            var end = buffer.writeASCII(separator, at: 0)
            end = buffer.writeDecimal(hour, width: 2, at: end)
            end = buffer.writeASCII(":", at: end)
            end = buffer.writeDecimal(minute, width: 2, at: end)
            end = buffer.writeASCII(":", at: end)
            return buffer.writeDecimal(second, width: 2, at: end)
        }
    }

    /// Reads `yyyy-MM-dd HH:mm:ss` in China Standard Time.
    static func parseInterfaceDateTime(_ text: String, member: String) throws -> Date {
        var reader = Reader(bytes: Array(text.utf8))
        guard let local = reader.localDateTime(separators: [UInt8(ascii: " ")]), reader.isAtEnd else {
            throw ConnectorError(.malformedRequest, "'\(member)' is not a time of the form yyyy-MM-dd HH:mm:ss.")
        }
        return Date(timeIntervalSince1970: Double(local - offsetSeconds))
    }

    /// Reads `yyyyMMddHHmmss` in China Standard Time.
    static func parseCompact(_ bytes: some Collection<UInt8>) -> Date? {
        let digits = bytes.compactMap(\.asciiDigitValue)
        guard bytes.count == 14, digits.count == 14 else { return nil }
        func field(_ start: Int, _ count: Int) -> Int { digits[start..<start + count].reduce(0) { $0 * 10 + $1 } }
        guard let date = try? CalendarDate(year: field(0, 4), month: field(4, 2), day: field(6, 2)) else { return nil }
        let (hour, minute, second) = (field(8, 2), field(10, 2), field(12, 2))
        guard hour <= 23, minute <= 59, second <= 60 else { return nil }
        return Date(timeIntervalSince1970: Double(date.daysSinceEpoch * 86400 + hour * 3600 + minute * 60 + second - offsetSeconds))
    }

    /// Reads RFC 3339 `date-time`: `T` or `t`, optional fractional seconds, and `Z`, `z` or a
    /// `±hh:mm` offset.
    static func parseRFC3339(_ text: String) throws -> Date {
        var reader = Reader(bytes: Array(text.utf8))
        guard let local = reader.localDateTime(separators: [UInt8(ascii: "T"), UInt8(ascii: "t")]) else {
            throw ConnectorError(.malformedRequest, "'\(text.prefix(40))' is not an RFC 3339 time with an offset.")
        }
        var fraction = 0.0
        if reader.skip(".") {
            var scale = 0.1
            var digits = 0
            while let digit = reader.nextDigit() {
                fraction += Double(digit) * scale
                scale /= 10
                digits += 1
            }
            guard digits > 0 else { throw ConnectorError(.malformedRequest, "'\(text.prefix(40))' has a point without fractional seconds.") }
        }
        guard let offset = reader.offsetSeconds(), reader.isAtEnd else {
            throw ConnectorError(.malformedRequest, "'\(text.prefix(40))' is not an RFC 3339 time with an offset.")
        }
        return Date(timeIntervalSince1970: Double(local - offset) + fraction)
    }

    private struct Reader {
        let bytes: [UInt8]
        var index = 0

        var isAtEnd: Bool { index == bytes.count }

        /// `yyyy-MM-dd<separator>HH:mm:ss` as seconds since the epoch in local time.
        mutating func localDateTime(separators: [UInt8]) -> Int? {
            guard bytes.count >= 19, let date = try? CalendarDate(iso8601: String(decoding: bytes[0..<10], as: UTF8.self)),
                  separators.contains(bytes[10])
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
