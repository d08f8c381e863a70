import IDCore

/// A value of one of the national interface's code lists (险种类型, 医疗类别, 清算类别, …),
/// typed by the list it belongs to so that an insurance type cannot be passed where a medical
/// type is due.
///
/// Provinces add codes of their own, so any short code of letters and digits is kept as it
/// came; the values this SDK acts on are named in extensions (``InsuranceType/employeeBasic``,
/// ``MedicalType/generalOutpatient``, …). Compare with `==`.
public struct InterfaceCode<List: InterfaceCodeList>: Sendable, Hashable, CustomStringConvertible {
    /// The code as it travels: `310`, `11`.
    public let rawValue: String

    /// Reads a code of 1 to 10 letters and digits; anything else throws `malformed-request`.
    public init(_ rawValue: String) throws {
        guard (1...10).contains(rawValue.utf8.count), rawValue.utf8.allSatisfy({ $0.asciiDigitValue != nil || (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) }) else {
            throw ConnectorError(.malformedRequest, "'\(rawValue.prefix(20))' is not a code of \(List.listName).")
        }
        self.rawValue = rawValue
    }

    /// A code this SDK names, known to be well formed.
    package init(known rawValue: String) {
        self.rawValue = rawValue
    }

    /// The code, with its meaning when this SDK knows it: `310 (职工基本医疗保险)`.
    public var description: String { List.meanings[rawValue].map { "\(rawValue) (\($0))" } ?? rawValue }

    /// The JSON string.
    package var json: JSONValue { .string(rawValue) }
}

/// A code list of the national interface's dictionary (医疗保障信息平台 数据字典).
public protocol InterfaceCodeList: Sendable {
    /// The list's field name and Chinese name, for errors: `insutype (险种类型)`.
    static var listName: String { get }
    /// The meanings of the codes this SDK names, for descriptions.
    static var meanings: [String: String] { get }
}
