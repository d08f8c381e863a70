import Foundation
import IDCore

/// RFC 3339 times with an explicit offset, as the protocol carries them. Written and read by
/// hand: every signed request and response carries one, and `Date.ISO8601FormatStyle` costs
/// several microseconds each way (and writes `+0800`, which RFC 3339 does not allow).
enum ProtocolTime {
    private static let chinaOffsetSeconds = 8 * 3600

    /// Formats in China Standard Time with the RFC 3339 offset form: `2026-11-25T20:00:00+08:00`.
    static func format(_ date: Date) -> String {
        let day = CalendarDate.today(now: date, in: CalendarDate.chinaStandardTime)
        let local = Int(date.timeIntervalSince1970.rounded(.down)) + chinaOffsetSeconds
        let second = (local % 86400 + 86400) % 86400
        // The time of day is fixed width and written straight into a small string's storage.
        let timeOfDay = String(unsafeUninitializedCapacity: 15) { buffer in
            var end = buffer.writeASCII("T", at: 0)
            end = buffer.writeDecimal(second / 3600, width: 2, at: end)
            end = buffer.writeASCII(":", at: end)
            end = buffer.writeDecimal(second % 3600 / 60, width: 2, at: end)
            end = buffer.writeASCII(":", at: end)
            end = buffer.writeDecimal(second % 60, width: 2, at: end)
            return buffer.writeASCII("+08:00", at: end)
        }
        return day.description + timeOfDay
    }

    /// Parses RFC 3339 `date-time`: `T` or `t`, optional fractional seconds, and `Z`, `z` or a
    /// `±hh:mm` offset.
    static func parse(_ text: String) throws -> Date {
        var reader = Reader(bytes: Array(text.utf8))
        guard let date = reader.dateTime(), reader.isAtEnd else {
            throw ConnectorError(.malformedRequest, "'\(text)' is not an RFC 3339 time with an offset.")
        }
        return date
    }

    private struct Reader {
        let bytes: [UInt8]
        var index = 0

        var isAtEnd: Bool { index == bytes.count }

        mutating func dateTime() -> Date? {
            guard bytes.count >= 10, let date = try? CalendarDate(iso8601: String(decoding: bytes[0..<10], as: UTF8.self)) else { return nil }
            index = 10
            guard skip("T") || skip("t"),
                  let hour = number(digits: 2), skip(":"), let minute = number(digits: 2), skip(":"), let second = number(digits: 2),
                  hour <= 23, minute <= 59, second <= 60
            else { return nil }
            var fraction = 0.0
            if skip(".") {
                let start = index
                var scale = 0.1
                while let digit = nextDigit() {
                    fraction += Double(digit) * scale
                    scale /= 10
                }
                guard index > start else { return nil }
            }
            guard let offset = offsetSeconds() else { return nil }
            let seconds = date.daysSinceEpoch * 86400 + hour * 3600 + minute * 60 + second - offset
            return Date(timeIntervalSince1970: Double(seconds) + fraction)
        }

        private mutating func offsetSeconds() -> Int? {
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

        private mutating func nextDigit() -> Int? {
            guard index < bytes.count, let digit = bytes[index].asciiDigitValue else { return nil }
            index += 1
            return digit
        }

        private mutating func skip(_ character: Unicode.Scalar) -> Bool {
            guard index < bytes.count, bytes[index] == UInt8(ascii: character) else { return false }
            index += 1
            return true
        }
    }
}
