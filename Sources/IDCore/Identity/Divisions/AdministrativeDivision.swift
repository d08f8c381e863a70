/// An administrative division of the People's Republic of China, by its GB/T 2260 code.
///
/// Three levels: province (`44`, written `440000`), prefecture (`4401`, `440100`) and county
/// (`440115`). Every province-level division is here (34, including Taiwan 71, Hong Kong 81 and
/// Macao 82), every prefecture-level division (333) and every county-level one, with Chinese
/// and English names (see `Scripts/generate_divisions.py` for where they come from). An unknown
/// code is an error, never a guess.
///
/// ```swift
/// let nansha = try AdministrativeDivision(code: "440115")
/// nansha.parent?.chineseName          // 广州市
/// nansha.province.englishName         // Guangdong Province
/// ```
public struct AdministrativeDivision: Sendable, StandardCodedValue, CustomStringConvertible {
    /// The level of a division in the hierarchy.
    public enum Level: Int, Sendable, Hashable, Comparable, Codable, CaseIterable {
        /// A province, autonomous region, municipality or special administrative region (2 digits).
        case province = 2
        /// A prefecture-level city or its equivalent (4 digits).
        case prefecture = 4
        /// A county-level division (6 digits).
        case county = 6

        /// The number of significant digits of a code at this level.
        public var significantDigits: Int { rawValue }

        public static func < (lhs: Level, rhs: Level) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// The six-digit code: `440000`, `440100`, `440115`.
    public let code: String
    /// The Chinese name: `南沙区`.
    public let chineseName: String
    /// The English name: `Nansha District`.
    public let englishName: String

    /// Looks a division up by its 2-, 4- or 6-digit code (`44`, `4401`, `440100`, `440115`).
    public init(code: String) throws {
        // Bytes, not Characters: once every byte is an ASCII digit, the two counts agree.
        guard [2, 4, 6].contains(code.utf8.count), code.utf8.allSatisfy({ $0.asciiDigitValue != nil }) else {
            throw IDCoreError(.unknownDivision, "'\(code)' is not a 2-, 4- or 6-digit division code.")
        }
        let full = code.utf8.count == 6 ? code : code + String(repeating: "0", count: 6 - code.utf8.count)
        guard let entry = DivisionRegistry.shared.entries[full] else {
            throw IDCoreError(.unknownDivision, "Division code \(full) is not in GB/T 2260.")
        }
        self = entry
    }

    init(entry code: String, chineseName: String, englishName: String) {
        self.code = code
        self.chineseName = chineseName
        self.englishName = englishName
    }

    /// Province, prefecture or county, from the code's trailing zeros.
    public var level: Level {
        if code.hasSuffix("0000") { return .province }
        return code.hasSuffix("00") ? .prefecture : .county
    }

    /// The code's significant digits: `44`, `4401` or `440115`.
    public var shortCode: String { String(code.prefix(level.significantDigits)) }

    /// Whether this is one of GB/T 2260's statistical groupings rather than a government: the
    /// districts of a municipality (`110100`) or the county-level divisions a province governs
    /// directly (`419000`).
    public var isStatisticalGrouping: Bool {
        level == .prefecture && (["01", "02"].contains(code.dropFirst(2).prefix(2)) && ["11", "12", "31", "50"].contains(code.prefix(2))
            || code.dropFirst(2).prefix(2) == "90")
    }

    /// The division one level up, or nil for a province.
    public var parent: AdministrativeDivision? {
        DivisionRegistry.parentCode(of: code, in: DivisionRegistry.shared.entries).flatMap { DivisionRegistry.shared.entries[$0] }
    }

    /// The province this division belongs to (itself for a province).
    public var province: AdministrativeDivision {
        parent?.province ?? self
    }

    /// The divisions one level down, in code order.
    public var children: [AdministrativeDivision] {
        (DivisionRegistry.shared.children[code] ?? []).compactMap { DivisionRegistry.shared.entries[$0] }
    }

    /// The Chinese name with its parents, leaving out statistical groupings: `广东省广州市南沙区`.
    public var fullChineseName: String {
        let own = isStatisticalGrouping ? "" : chineseName
        return (parent?.fullChineseName ?? "") + own
    }

    /// All province-level divisions, in code order.
    public static var provinces: [AdministrativeDivision] {
        DivisionRegistry.shared.provinceCodes.compactMap { DivisionRegistry.shared.entries[$0] }
    }

    public var description: String { "\(code) \(chineseName) (\(englishName))" }
}

/// The GB/T 2260 table, read once from the generated source into lookup tables.
private struct DivisionRegistry: Sendable {
    static let shared = DivisionRegistry(table: AdministrativeDivision.table)

    let entries: [String: AdministrativeDivision]
    let children: [String: [String]]
    let provinceCodes: [String]

    init(table: String) {
        var entries: [String: AdministrativeDivision] = [:]
        var order: [String] = []
        for line in table.split(separator: "\n") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count == 3 else { continue }
            let division = AdministrativeDivision(entry: String(fields[0]), chineseName: String(fields[1]), englishName: String(fields[2]))
            entries[division.code] = division
            order.append(division.code)
        }
        self.entries = entries
        var children: [String: [String]] = [:]
        for code in order {
            if let parent = Self.parentCode(of: code, in: entries) { children[parent, default: []].append(code) }
        }
        self.children = children
        self.provinceCodes = order.filter { $0.hasSuffix("0000") }
    }

    /// A county's parent is its prefecture, or its province where the table has no prefecture
    /// for it; a prefecture's parent is its province.
    static func parentCode(of code: String, in entries: [String: AdministrativeDivision]) -> String? {
        if code.hasSuffix("0000") { return nil }
        let province = String(code.prefix(2)) + "0000"
        if code.hasSuffix("00") { return province }
        let prefecture = String(code.prefix(4)) + "00"
        return entries[prefecture] != nil ? prefecture : province
    }
}
