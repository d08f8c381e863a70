import Foundation
import IDCore

/// RFC 3339 times with an explicit offset, as the protocol carries them.
enum ProtocolTime {
    /// Formats in China Standard Time with the RFC 3339 offset form: `2026-11-25T20:00:00+08:00`.
    /// (`Date.ISO8601FormatStyle` writes `+0800`, which RFC 3339 does not allow.)
    static func format(_ date: Date) -> String {
        let offset = 8 * 3600
        let day = CalendarDate.today(now: date, in: CalendarDate.chinaStandardTime)
        let local = Int(date.timeIntervalSince1970.rounded(.down)) + offset
        let second = (local % 86400 + 86400) % 86400
        return "\(day)T" + String(format: "%02d:%02d:%02d", second / 3600, second % 3600 / 60, second % 60) + "+08:00"
    }

    /// Parses a time with `Z` or a `±hh:mm` offset.
    static func parse(_ text: String) throws -> Date {
        guard let date = try? Date.ISO8601FormatStyle().parse(text) else {
            throw ConnectorError(.malformedRequest, "'\(text)' is not an RFC 3339 time with an offset.")
        }
        return date
    }
}
