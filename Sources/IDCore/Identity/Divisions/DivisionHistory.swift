/// An earlier use of a GB/T 2260 code: the name it had and the years of the Ministry of Civil
/// Affairs' lists that carried it, and the codes its area went to.
///
/// Identity numbers keep the code of the place of first registration for life, so a number
/// issued in 1995 in Guangzhou's former Dongshan district still starts `440102`; the history
/// tells such a code from one that never existed (a mistyped or made-up number).
public struct DivisionRecord: Sendable, Hashable, CustomStringConvertible {
    /// The six-digit code.
    public let code: String
    /// The name under this use: `东山区`.
    public let chineseName: String
    /// The English name under this use: `Dongshan District`.
    public let englishName: String
    /// The years whose lists carried the code with this name, from the first to the year it
    /// changed or was abolished (exclusive): `1983..<2005`.
    public let years: Range<Int>
    /// The codes the area went to (merged into, renamed to, split between), possibly the same
    /// code under a new name; empty where the lists name none.
    public let successorCodes: [String]

    public var description: String {
        "\(code) \(chineseName) (\(englishName)), \(years.lowerBound)–\(years.upperBound)"
            + (successorCodes.isEmpty ? "" : " → \(successorCodes.joined(separator: ", "))")
    }
}

extension AdministrativeDivision {
    /// What a six-digit code is today.
    public enum CodeStatus: Sendable, Hashable {
        /// In GB/T 2260 now.
        case current(AdministrativeDivision)
        /// Once in GB/T 2260, no longer: its earlier uses, oldest first.
        case abolished([DivisionRecord])
        /// In no list since 1980: not a real division code.
        case neverExisted
    }

    /// Whether `code` (six digits) is in use, was abolished, or never existed; a code that is
    /// not six digits throws `unknown-division`.
    public static func status(ofCode code: String) throws -> CodeStatus {
        guard code.utf8.count == 6, code.utf8.allSatisfy({ $0.asciiDigitValue != nil }) else {
            throw IDCoreError(.unknownDivision, "'\(code)' is not a six-digit division code.")
        }
        if let division = try? AdministrativeDivision(code: code) { return .current(division) }
        let records = history(ofCode: code)
        return records.isEmpty ? .neverExisted : .abolished(records)
    }

    /// The earlier uses of `code`, oldest first: the names a current code had before, or the
    /// whole life of an abolished one. Empty for a code without earlier uses.
    public static func history(ofCode code: String) -> [DivisionRecord] {
        DivisionHistory.shared.records[code] ?? []
    }
}

/// The history table, read once from the generated source.
private struct DivisionHistory: Sendable {
    static let shared = DivisionHistory(table: AdministrativeDivision.historyTable)

    let records: [String: [DivisionRecord]]

    init(table: String) {
        var records: [String: [DivisionRecord]] = [:]
        for line in table.split(separator: "\n") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count == 6, let first = Int(fields[3]), let end = Int(fields[4]), first < end else { continue }
            let record = DivisionRecord(code: String(fields[0]), chineseName: String(fields[1]), englishName: String(fields[2]),
                                        years: first..<end, successorCodes: fields[5].split(separator: ",").map(String.init))
            records[record.code, default: []].append(record)
        }
        self.records = records
    }
}
