/// The validity of an identity document: from a start date to an end date, or long-term
/// (`长期`, the form Chinese identity cards issued after age 46 carry).
///
/// Encoded as `{"start": "2020-01-01", "end": "2040-01-01"}` or `{"start": "…", "end": "long-term"}`.
public struct ValidityPeriod: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The first day the document is valid.
    public let start: CalendarDate
    /// The last day the document is valid, or nil for long-term validity.
    public let end: CalendarDate?

    /// A period from `start` to `end` inclusive; `end` must not be before `start`.
    public init(start: CalendarDate, end: CalendarDate) throws {
        guard start <= end else {
            throw IDCoreError(.invalidPersonalData, "The validity ends (\(end)) before it starts (\(start)).")
        }
        self.start = start
        self.end = end
    }

    /// A long-term period from `start`.
    public static func longTerm(from start: CalendarDate) -> ValidityPeriod {
        ValidityPeriod(start: start, unboundedEnd: ())
    }

    private init(start: CalendarDate, unboundedEnd: Void) {
        self.start = start
        self.end = nil
    }

    /// Whether the document is valid on `date`.
    public func contains(_ date: CalendarDate) -> Bool {
        start <= date && end.map { date <= $0 } ?? true
    }

    /// Whether the period never ends.
    public var isLongTerm: Bool { end == nil }

    public var description: String { "\(start) – \(end.map(String.init(describing:)) ?? "long-term")" }

    private enum CodingKeys: String, CodingKey { case start, end }
    private static let longTermMarker = "long-term"

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let start = try container.decode(CalendarDate.self, forKey: .start)
        if let end = try Self.end(container.decode(String.self, forKey: .end)) {
            try self.init(start: start, end: end)
        } else {
            self = .longTerm(from: start)
        }
    }

    /// The last day an encoded `end` names, or nil for the long-term marker.
    private static func end(_ text: String) throws -> CalendarDate? {
        text == longTermMarker ? nil : try CalendarDate(iso8601: text)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(start, forKey: .start)
        try container.encode(end.map(String.init(describing:)) ?? Self.longTermMarker, forKey: .end)
    }
}

extension ValidityPeriod: NestedClaimValue {
    static let memberNames = [CodingKeys.start.rawValue, CodingKeys.end.rawValue]

    static func checkMember(_ name: String, of object: JSONObject, userInfo: [CodingUserInfoKey: Any]) throws {
        switch (CodingKeys(rawValue: name), object[name]) {
        case (.start, let value?): _ = try value.decoded(as: CalendarDate.self, userInfo: userInfo)
        case (.end, let value?): _ = try end(value.decoded(as: String.self, userInfo: userInfo))
        default: break
        }
    }
}
