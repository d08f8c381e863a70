import Foundation

/// The members of one 18013-5 map, read by name with their CBOR types checked: every missing
/// or mistyped member is a `malformed-mdoc` error naming the structure and the member.
struct MdocFields {
    let structure: String
    let map: CBORMap

    init(_ value: CBORValue, _ structure: String) throws {
        guard let map = value.mapValue else { throw IDCoreError(.malformedMdoc, "\(structure) is a CBOR map.") }
        self.structure = structure
        self.map = map
    }

    func optional(_ name: String) -> CBORValue? { map[.text(name)] }

    func required(_ name: String) throws -> CBORValue {
        guard let value = optional(name) else { throw missing(name, "is missing") }
        return value
    }

    func text(_ name: String) throws -> String {
        try typed(name, "is not a text string", \.textValue)
    }

    func bytes(_ name: String) throws -> [UInt8] {
        try typed(name, "is not a byte string", \.bytesValue)
    }

    func unsigned(_ name: String) throws -> UInt64 {
        try typed(name, "is not an unsigned integer") { if case .unsigned(let value) = $0 { value } else { nil } }
    }

    func fields(_ name: String) throws -> MdocFields {
        try MdocFields(required(name), "\(structure).\(name)")
    }

    func array(_ name: String) throws -> [CBORValue] {
        try typed(name, "is not an array", \.arrayValue)
    }

    /// The items of an array member, or none when the member is absent.
    func optionalArray(_ name: String) throws -> [CBORValue] {
        optional(name) == nil ? [] : try array(name)
    }

    /// A member that is embedded CBOR (tag 24 around a byte string), with its bytes.
    func embedded(_ name: String) throws -> [UInt8] {
        try typed(name, "is not embedded CBOR (tag 24)", \.embeddedBytes)
    }

    /// A `tdate` member: tag 0 around an RFC 3339 date-time.
    func date(_ name: String) throws -> Date {
        try typed(name, "is not a tdate (tag 0, RFC 3339 without fractional seconds)", MdocDate.date)
    }

    /// The member `name` as `read` takes it, or the error saying it `isNot` that.
    private func typed<Value>(_ name: String, _ isNot: String, _ read: (CBORValue) -> Value?) throws -> Value {
        guard let value = read(try required(name)) else { throw missing(name, isNot) }
        return value
    }

    private func missing(_ name: String, _ what: String) -> IDCoreError {
        IDCoreError(.malformedMdoc, "\(structure).\(name) \(what).")
    }
}

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
