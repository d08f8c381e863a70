/// A citizen identity number of the People's Republic of China (GB 11643-1999).
///
/// Eighteen characters: a six-digit administrative division (GB/T 2260), an eight-digit birth
/// date, a three-digit sequence code whose parity gives the sex, and an ISO 7064 MOD 11-2 check
/// character (`0`–`9` or `X`). A value that exists is valid: the birth date is a real date from
/// 1900 on and not in the future, the province exists, and the check character matches. A
/// lower-case `x` is accepted and stored upper-case; a 15-digit number from before 1999
/// (two-digit year of the 1900s, no check character) is converted to 18 digits.
///
/// The number prints masked (`440115********123X`) through `description`,
/// `debugDescription`, string interpolation and `dump`; only ``fullNumber`` and `Codable`
/// give the whole number.
///
/// ```swift
/// let number = try ResidentIDNumber("44011519900307123X")
/// print(number)                 // 440115********123X
/// number.sex                    // .male
/// number.age(on: try CalendarDate(iso8601: "2026-11-25"))   // 36
/// ```
public struct ResidentIDNumber: Sendable, Hashable, Codable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The whole number, 18 characters with an upper-case `X`. Use only where the full number
    /// is needed (a registration record, a signed claim); never log it.
    public let fullNumber: String
    /// The birth date.
    public let birthDate: CalendarDate
    /// The province of first registration.
    public let province: AdministrativeDivision
    /// How the number prints; does not take part in equality.
    public private(set) var masking: IdentityMasking = .identityNumber

    /// Reads an 18-character number, or converts a 15-digit one. `today` bounds the birth date;
    /// it defaults to the current date in China.
    public init(_ text: String, today: CalendarDate = .today()) throws {
        // Unicode scalars, not Characters: grapheme breaking would cost more than the whole
        // validation, and every character of a valid number is a single ASCII scalar.
        var hasLowerCaseX = false
        let scalars = text.unicodeScalars.map { scalar -> Unicode.Scalar in
            guard scalar == "x" else { return scalar }
            hasLowerCaseX = true
            return "X"
        }
        let number: [Unicode.Scalar]
        switch scalars.count {
        case 18:
            try Self.checkDigits(scalars.prefix(17), in: "the first 17 characters")
            guard scalars[17].isDecimalDigit || scalars[17] == "X" else {
                throw IDCoreError(.invalidIdentityNumber, "The check character must be a digit or X, not '\(scalars[17])'.")
            }
            let expected = Self.checkCharacter(forDigits: scalars.prefix(17))
            guard scalars[17] == expected else {
                throw IDCoreError(.invalidIdentityNumber, "The check character is '\(scalars[17])'; for these 17 digits it must be '\(expected)' (ISO 7064 MOD 11-2).")
            }
            number = scalars
            fullNumber = hasLowerCaseX ? String(String.UnicodeScalarView(scalars)) : text
        case 15:
            try Self.checkDigits(scalars[...], in: "a 15-digit number")
            let body = scalars.prefix(6) + ["1", "9"] + scalars.dropFirst(6)
            number = Array(body) + [Self.checkCharacter(forDigits: body[...])]
            fullNumber = String(String.UnicodeScalarView(number))
        default:
            throw IDCoreError(.invalidIdentityNumber, "An identity number has 18 characters (or 15 digits before 1999); this one has \(scalars.count).")
        }
        birthDate = try Self.birthDate(in: number[6..<14], today: today)
        let provinceCode = String(decoding: fullNumber.utf8.prefix(2), as: UTF8.self)
        do {
            province = try AdministrativeDivision(code: provinceCode)
        } catch {
            throw IDCoreError(.invalidIdentityNumber, "Province code \(provinceCode) does not exist (GB/T 2260).")
        }
    }

    /// The same number printing under another masking rule.
    public func withMasking(_ masking: IdentityMasking) -> ResidentIDNumber {
        var copy = self
        copy.masking = masking
        return copy
    }

    /// The six-digit division code of the place of first registration, which may have been
    /// abolished since.
    public var divisionCode: String { String(decoding: fullNumber.utf8.prefix(6), as: UTF8.self) }

    /// The county-level division of first registration, or nil if its code is no longer in
    /// GB/T 2260 (counties merge and are renamed; the number keeps its old code).
    public var division: AdministrativeDivision? {
        try? AdministrativeDivision(code: divisionCode)
    }

    /// The three-digit sequence code among people of one division and birth date.
    public var sequenceCode: Int {
        Array(fullNumber.dropFirst(14).prefix(3)).compactMap(\.wholeNumberValue).reduce(0) { $0 * 10 + $1 }
    }

    /// Odd sequence codes are given to men, even ones to women.
    public var sex: Sex { Sex(sequenceCode: sequenceCode) }

    /// Completed years of age on `date`.
    public func age(on date: CalendarDate) -> Int { birthDate.years(until: date) }

    public var description: String { masking.apply(to: fullNumber) }

    public var debugDescription: String { "ResidentIDNumber(\(description))" }

    public var customMirror: Mirror { Mirror(self, children: ["masked": description], displayStyle: .struct) }

    public static func == (lhs: ResidentIDNumber, rhs: ResidentIDNumber) -> Bool { lhs.fullNumber == rhs.fullNumber }

    public func hash(into hasher: inout Hasher) { hasher.combine(fullNumber) }

    /// Decodes the full number and validates it as ``init(_:today:)`` does.
    public init(from decoder: any Decoder) throws {
        try self.init(decoder.singleValueContainer().decode(String.self))
    }

    /// Encodes the full number: encoded forms are for signed credentials and records, not logs.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(fullNumber)
    }

    /// The ISO 7064 MOD 11-2 check character for the first 17 digits: weights 2^(17−i) mod 11,
    /// check value (12 − sum mod 11) mod 11, with 10 written `X`.
    public static func checkCharacter(for first17: some Collection<Character>) -> Character {
        Character(checkCharacter(digitValues: first17.map { $0.wholeNumberValue ?? 0 }))
    }

    private static func checkCharacter(forDigits first17: ArraySlice<Unicode.Scalar>) -> Unicode.Scalar {
        checkCharacter(digitValues: first17.map(\.digitValue))
    }

    /// The weights 2^(17−i) mod 11 of the 17 digits, first to last (GB 11643-1999 table 1).
    private static let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]

    private static func checkCharacter(digitValues: [Int]) -> Unicode.Scalar {
        let sum = zip(digitValues, weights).reduce(0) { $0 + $1.0 * $1.1 }
        let value = (12 - sum % 11) % 11
        return value == 10 ? "X" : Unicode.Scalar(UInt8(ascii: "0") + UInt8(value))
    }

    private static func checkDigits(_ scalars: ArraySlice<Unicode.Scalar>, in part: String) throws {
        if let bad = scalars.firstIndex(where: { !$0.isDecimalDigit }) {
            throw IDCoreError(.invalidIdentityNumber, "Character \(bad + 1) is '\(scalars[bad])'; \(part) must all be digits.")
        }
    }

    private static func birthDate(in digits: ArraySlice<Unicode.Scalar>, today: CalendarDate) throws -> CalendarDate {
        var text: String { String(String.UnicodeScalarView(digits)) }  // for the error messages only
        let number = { (range: Range<Int>) in digits.dropFirst(range.lowerBound).prefix(range.count).reduce(0) { $0 * 10 + $1.digitValue } }
        let date: CalendarDate
        do {
            date = try CalendarDate(year: number(0..<4), month: number(4..<6), day: number(6..<8))
        } catch let error as IDCoreError {
            throw IDCoreError(.invalidIdentityNumber, "The birth date \(text) is not a real date: \(error.reason)")
        }
        guard date.year >= 1900 else {
            throw IDCoreError(.invalidIdentityNumber, "The birth date \(text) is before 1900.")
        }
        guard date <= today else {
            throw IDCoreError(.invalidIdentityNumber, "The birth date \(text) is after today (\(today)).")
        }
        return date
    }
}

private extension Unicode.Scalar {
    /// `0` to `9` only: `Character.isNumber` would also let through other scripts' digits.
    var isDecimalDigit: Bool { ("0"..."9").contains(self) }

    /// The value of a decimal digit checked by ``isDecimalDigit``.
    var digitValue: Int { Int(value) - Int(("0" as Unicode.Scalar).value) }
}
