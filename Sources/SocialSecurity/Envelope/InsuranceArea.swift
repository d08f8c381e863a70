import IDCore

/// A medical-insurance area (医保区划): the six-digit code of the area whose platform runs a
/// person's insurance (`insuplc_admdvs`, the place of insurance) or serves an institution
/// (`mdtrtarea_admvs`, the place of treatment).
///
/// The codes follow GB/T 2260, with the insurance administration's own additions (a province's
/// provincial-level pool, such as `449900`), so any six digits are accepted; ``division`` names
/// the ones GB/T 2260 knows. An identity number's first six digits are where a person was first
/// registered, not where they are insured: never derive an area from one.
public struct InsuranceArea: Sendable, Hashable, CustomStringConvertible {
    /// The six digits.
    public let code: String

    /// Reads six digits; anything else throws `malformed-request`.
    public init(_ code: String) throws {
        guard code.utf8.count == 6, code.utf8.allSatisfy({ $0.asciiDigitValue != nil }) else {
            throw ConnectorError(.malformedRequest, "'\(code.prefix(20))' is not a six-digit medical-insurance area code.")
        }
        self.code = code
    }

    /// The area of a GB/T 2260 division, padded to six digits: `4403` is `440300`.
    public init(_ division: AdministrativeDivision) {
        code = division.code + String(repeating: "0", count: max(0, 6 - division.code.count))
    }

    /// The GB/T 2260 division of the same code, when there is one.
    public var division: AdministrativeDivision? { try? AdministrativeDivision(code: code) }

    /// The province's two digits.
    public var provinceCode: String { String(code.prefix(2)) }

    /// The code and, when GB/T 2260 knows it, its name: `440300 深圳市`.
    public var description: String { division.map { "\(code) \($0.chineseName)" } ?? code }

    /// The JSON string.
    package var json: JSONValue { .string(code) }
}

/// The national code of a designated medical institution or pharmacy (定点医药机构编号,
/// `fixmedins_code`): twelve capital letters and digits, `H44030500017`. The platforms that
/// relay to one another identify themselves the same way.
public struct InstitutionCode: Sendable, Hashable, CustomStringConvertible {
    /// The twelve characters.
    public let code: String

    /// Reads twelve capital letters and digits; anything else throws `malformed-request`.
    public init(_ code: String) throws {
        guard code.utf8.count == 12, code.utf8.allSatisfy({ $0.asciiDigitValue != nil || (0x41...0x5A).contains($0) }) else {
            throw ConnectorError(.malformedRequest, "'\(code.prefix(20))' is not a twelve-character institution code of capital letters and digits.")
        }
        self.code = code
    }

    /// The code.
    public var description: String { code }
}

extension InsuranceArea: Codable {
    /// Reads the six digits, checked.
    public init(from decoder: any Decoder) throws {
        try self.init(decoder.singleValueContainer().decode(String.self))
    }

    /// Writes the six digits.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(code)
    }
}
