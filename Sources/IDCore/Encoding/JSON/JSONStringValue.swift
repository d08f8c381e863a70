/// A value that JSON carries as one string: an identity number, a date, a name, a card number,
/// a division code. Hand-written JSON mappings read such members with
/// `JSONObjectReader.value(_:as:)` and write them with `JSONValue(_:)`;
/// the string is the same one the type's `Codable` conformance uses.
package protocol JSONStringValue {
    /// Reads and checks the value, throwing the type's own error for a string that is not one.
    init(jsonString: String) throws
    /// The string the value is written as.
    var jsonString: String { get }
}

extension JSONValue {
    /// The string form of `value`.
    package init(_ value: some JSONStringValue) {
        self = .string(value.jsonString)
    }
}
