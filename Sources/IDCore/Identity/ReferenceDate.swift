import Foundation

extension CodingUserInfoKey {
    /// The day identity documents are checked against when decoded (a birth date after it is
    /// refused), as a ``CalendarDate``: set it on a `JSONDecoder`'s `userInfo` to decode with a
    /// clock of your own. Without it, decoding uses the current date in China.
    public static let referenceDate = CodingUserInfoKey(rawValue: "IDCore.referenceDate")!
}
