import Foundation

/// The rules for a name in Latin script, as passports (ICAO 9303's printed name) and the
/// foreigner's permanent residence card write it: letters of the Latin alphabet with their
/// diacritics (`É`, `Ñ`, `Ø`, `Ş`, Vietnamese `Ễ`), separated by single spaces, hyphens,
/// apostrophes, commas (`SURNAME, GIVEN NAMES`) and full stops (`JR.`).
///
/// The name is normalised to NFC (a decomposed `e` + U+0301 becomes `é`), runs of white space
/// become one space and the typographic apostrophe `’` becomes `'`; case is kept as given. It
/// starts with a letter, ends with a letter or a full stop, and holds no two hyphens or
/// apostrophes in a row.
public enum LatinScriptName {
    /// The longest Latin-script name accepted, in characters: long enough for the full names of
    /// passports, which run past the MRZ's 39.
    public static let maximumLength = 128

    /// The normalised name, or nil when `text` is not a Latin-script name.
    static func normalized(_ text: String) -> String? {
        let composed = text.precomposedStringWithCanonicalMapping.replacingOccurrences(of: "\u{2019}", with: "'")
        var result = String.UnicodeScalarView()
        var previous: Unicode.Scalar?
        for scalar in composed.unicodeScalars {
            if scalar.properties.isWhitespace {
                if previous != " " { result.append(" ") }
                previous = " "
                continue
            }
            if isLetter(scalar) {
                result.append(scalar)
            } else if "-'".unicodeScalars.contains(scalar), let before = previous, isLetter(before) || before == " " {
                result.append(scalar)
            } else if ",.".unicodeScalars.contains(scalar), let before = previous, isLetter(before) {
                result.append(scalar)
            } else {
                return nil
            }
            previous = scalar
        }
        let name = String(result).trimmingWhitespace()
        guard let first = name.unicodeScalars.first, isLetter(first), let last = name.unicodeScalars.last, isLetter(last) || last == "." else { return nil }
        return name.count <= maximumLength ? name : nil
    }

    /// A letter of the Latin script: ASCII, Latin-1 (but × and ÷), Latin Extended-A and -B,
    /// and Latin Extended Additional (Vietnamese).
    private static func isLetter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x41...0x5A, 0x61...0x7A: true
        case 0xD7, 0xF7: false
        case 0xC0...0x24F, 0x1E00...0x1EFF: true
        default: false
        }
    }
}
