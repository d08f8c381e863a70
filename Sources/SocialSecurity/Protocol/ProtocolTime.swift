import Foundation

/// RFC 3339 times with an explicit offset, as the protocol carries them.
enum ProtocolTime {
    /// Formats in China Standard Time: `2026-11-25T20:00:00+08:00`.
    static func format(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(timeZone: TimeZone(secondsFromGMT: 8 * 3600) ?? .gmt))
    }

    /// Parses a time with `Z` or a `±hh:mm` offset.
    static func parse(_ text: String) throws -> Date {
        guard let date = try? Date.ISO8601FormatStyle().parse(text) else {
            throw ConnectorError(.malformedRequest, "'\(text)' is not an RFC 3339 time with an offset.")
        }
        return date
    }
}
