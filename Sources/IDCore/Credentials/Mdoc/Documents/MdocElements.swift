import Foundation

/// The disclosed elements of one namespace, read as the types a document's table gives them:
/// nil when an element was not disclosed, a typed error naming the element when it was but has
/// the wrong type.
struct MdocElements {
    let document: String
    let elements: [String: CBORValue]

    func text(_ name: String) throws -> String? {
        try typed(name, "a text string") { $0.textValue }
    }

    func bool(_ name: String) throws -> Bool? {
        try typed(name, "a boolean") { $0.boolValue }
    }

    func bytes(_ name: String) throws -> Data? {
        try typed(name, "a byte string") { $0.bytesValue.map { Data($0) } }
    }

    func unsigned(_ name: String) throws -> UInt64? {
        try typed(name, "an unsigned integer") { if case .unsigned(let value) = $0 { value } else { nil } }
    }

    /// A `full-date`, or a `tdate` taken as its day in UTC (the mDL allows either for dates of
    /// issue and expiry).
    func date(_ name: String) throws -> CalendarDate? {
        try typed(name, "a full-date or tdate") { Self.day($0) }
    }

    /// The `age_over_NN` elements disclosed: NN and the answer.
    var ageOver: [Int: Bool] {
        get throws {
            try elements.keys.filter { $0.hasPrefix("age_over_") }.reduce(into: [:]) { ages, name in
                guard let age = Int(name.dropFirst("age_over_".count)), let answer = try bool(name) else { return }
                ages[age] = answer
            }
        }
    }

    func typed<Value>(_ name: String, _ kind: String, _ read: (CBORValue) -> Value?) throws -> Value? {
        guard let value = elements[name] else { return nil }
        guard let typed = read(value) else { throw IDCoreError(.invalidPersonalData, "\(document) element \(name) is not \(kind).") }
        return typed
    }

    static func day(_ value: CBORValue) -> CalendarDate? {
        MdocDate.calendarDate(value) ?? MdocDate.date(value).map { CalendarDate.today(now: $0, in: TimeZone(identifier: "UTC")!) }
    }
}
