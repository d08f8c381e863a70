import Foundation

/// Builds identity numbers for tests with the check character computed here, independently of
/// the SDK: the GB 11643 weight table and the check character table written out.
enum IdentityNumbers {
    private static let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    private static let checkCharacters = Array("10X98765432")

    static func checkCharacter(_ first17: String) -> Character {
        let sum = zip(first17.compactMap(\.wholeNumberValue), weights).map(*).reduce(0, +)
        return checkCharacters[sum % 11]
    }

    /// A valid 18-character number for a division, a birth date `YYYYMMDD` and a sequence code.
    static func make(division: String = "440115", birth: String = "19900307", sequence: Int = 123) -> String {
        let body = division + birth + String(format: "%03d", sequence)
        return body + String(checkCharacter(body))
    }

    /// The same number with a wrong check character.
    static func withWrongCheck(_ number: String) -> (number: String, expected: Character) {
        let expected = number.last ?? "0"
        let wrong: Character = expected == "0" ? "1" : "0"
        return (String(number.dropLast()) + String(wrong), expected)
    }
}
