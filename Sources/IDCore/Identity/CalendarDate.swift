import Foundation

/// A day in the Gregorian calendar, without time or time zone: a birth date, an issue date, the
/// end of a card's validity.
///
/// Encoded as ISO 8601 `YYYY-MM-DD`. Only dates that exist can be built (no 30 February).
public struct CalendarDate: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// The year, 1 to 9999.
    public let year: Int
    /// The month, 1 to 12.
    public let month: Int
    /// The day of the month.
    public let day: Int

    /// China Standard Time, UTC+8 all year; the default zone for "today" in this SDK.
    public static let chinaStandardTime = TimeZone(secondsFromGMT: 8 * 3600)!

    /// Creates a date, refusing days that do not exist and years outside 1...9999.
    public init(year: Int, month: Int, day: Int) throws {
        guard (1...9999).contains(year) else {
            throw IDCoreError(.invalidDate, "Year \(year) is outside 1 to 9999.")
        }
        guard (1...12).contains(month) else {
            throw IDCoreError(.invalidDate, "Month \(month) does not exist.")
        }
        let length = Self.daysInMonth(month, of: year)
        guard (1...length).contains(day) else {
            throw IDCoreError(.invalidDate, "\(String(year, zeroPaddedTo: 4))-\(String(month, zeroPaddedTo: 2)) has no day \(day); it has \(length) days.")
        }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Reads `YYYY-MM-DD`.
    public init(iso8601 text: String) throws {
        // On the string's own UTF-8 bytes: every identity number and protocol message carries a date.
        var text = text
        let fields: (year: Int, month: Int, day: Int)? = text.withUTF8 { bytes in
            func number(_ range: Range<Int>) -> Int? {
                var value = 0
                for byte in bytes[range] {
                    guard let digit = byte.asciiDigitValue else { return nil }
                    value = value * 10 + digit
                }
                return value
            }
            guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
                  let year = number(0..<4), let month = number(5..<7), let day = number(8..<10)
            else { return nil }
            return (year, month, day)
        }
        guard let fields else {
            throw IDCoreError(.invalidDate, "'\(text)' is not a date in the form YYYY-MM-DD.")
        }
        try self.init(year: fields.year, month: fields.month, day: fields.day)
    }

    /// The date it is at `now` in `timeZone` (China Standard Time unless told otherwise).
    public static func today(now: Date = Date(), in timeZone: TimeZone = chinaStandardTime) -> CalendarDate {
        let seconds = now.timeIntervalSince1970 + Double(timeZone.secondsFromGMT(for: now))
        return CalendarDate(daysSinceEpoch: Int((seconds / 86400).rounded(.down)))
    }

    /// The civil date `days` after 1970-01-01 (H. Hinnant's `civil_from_days`): arithmetic
    /// instead of a `Calendar`, since identity numbers check "today" every time they are read.
    init(daysSinceEpoch days: Int) {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        self.init(unchecked: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    private init(unchecked year: Int, _ month: Int, _ day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Whole years from this date to `date`: an age, counting a 29 February birthday as passed
    /// on 1 March in common years.
    public func years(until date: CalendarDate) -> Int {
        let years = date.year - year
        return (date.month, date.day) < (month, day) ? years - 1 : years
    }

    /// The same day `count` years later, or 28 February where 29 February does not exist.
    public func adding(years count: Int) throws -> CalendarDate {
        let target = year + count
        return try CalendarDate(year: target, month: month, day: min(day, Self.daysInMonth(month, of: target)))
    }

    public static func < (lhs: CalendarDate, rhs: CalendarDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    public var description: String {
        guard (0...9999).contains(year) else {
            // Only `today(now:)` makes such years, from absurd clocks; print them whole.
            return "\(year)-\(String(month, zeroPaddedTo: 2))-\(String(day, zeroPaddedTo: 2))"
        }
        return String(unsafeUninitializedCapacity: 10) { buffer in
            var end = buffer.writeDecimal(year, width: 4, at: 0)
            end = buffer.writeASCII("-", at: end)
            end = buffer.writeDecimal(month, width: 2, at: end)
            end = buffer.writeASCII("-", at: end)
            return buffer.writeDecimal(day, width: 2, at: end)
        }
    }

    /// Days from 1970-01-01 to this date, negative before it (H. Hinnant's `days_from_civil`,
    /// the inverse of ``init(daysSinceEpoch:)``).
    package var daysSinceEpoch: Int {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * ((month + 9) % 12) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    public init(from decoder: any Decoder) throws {
        try self.init(iso8601: decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    private static func daysInMonth(_ month: Int, of year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}
