import Foundation

/// The dates of 18013-5: `tdate` (tag 0, RFC 3339 in UTC to the second, as section 7.2.1
/// requires: `2026-09-21T14:13:20Z`) and `full-date` (tag 1004, RFC 8943). Read and written by
/// hand rather than with a date formatter: a verifier reads three dates in every document.
public enum MdocDate {
    /// A `tdate`, to the second (fractions dropped); a date outside the years 1 to 9999 (or not
    /// a number) is written as the nearest end, never trapping. ``MdocIssuer`` refuses such
    /// dates before they get here.
    public static func tdate(_ date: Date) -> CBORValue {
        let raw = date.timeIntervalSince1970
        let span = FourDigitYears.seconds
        let seconds = Int(raw.isNaN ? span.lowerBound : Swift.min(Swift.max(raw, span.lowerBound), span.upperBound).rounded(.down))
        let (days, rest) = seconds.quotientAndRemainder(dividingBy: 86_400)
        let (dayIndex, second) = rest < 0 ? (days - 1, rest + 86_400) : (days, rest)
        let time = [second / 3600, second / 60 % 60, second % 60].map { $0 < 10 ? "0\($0)" : "\($0)" }.joined(separator: ":")
        return .tagged(CBORValue.dateTimeTag, .text("\(CalendarDate(daysSinceEpoch: dayIndex))T\(time)Z"))
    }

    /// A `full-date`: `1004("1990-05-17")`.
    public static func fullDate(_ date: CalendarDate) -> CBORValue {
        .tagged(CBORValue.fullDateTag, .text(date.description))
    }

    /// The date of a `tdate`, or nil for anything else (another tag, fractional seconds, an
    /// offset other than `Z`, a field out of range).
    public static func date(_ value: CBORValue) -> Date? {
        guard case .tagged(CBORValue.dateTimeTag, .text(let text)) = value else { return nil }
        let characters = Array(text.utf8)
        guard characters.count == 20, characters[10] == UInt8(ascii: "T"), characters[13] == UInt8(ascii: ":"),
              characters[16] == UInt8(ascii: ":"), characters[19] == UInt8(ascii: "Z"),
              let day = try? CalendarDate(iso8601: String(decoding: characters[0..<10], as: UTF8.self)) else { return nil }
        func number(_ at: Int) -> Int? {
            let digits = characters[at..<(at + 2)]
            guard digits.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else { return nil }
            return digits.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
        }
        guard let hour = number(11), let minute = number(14), let second = number(17), hour < 24, minute < 60, second < 60 else { return nil }
        return Date(timeIntervalSince1970: TimeInterval(day.daysSinceEpoch * 86_400 + hour * 3600 + minute * 60 + second))
    }

    /// The calendar date of a `full-date`, or nil for anything else.
    public static func calendarDate(_ value: CBORValue) -> CalendarDate? {
        guard case .tagged(CBORValue.fullDateTag, .text(let text)) = value else { return nil }
        return try? CalendarDate(iso8601: text)
    }
}
