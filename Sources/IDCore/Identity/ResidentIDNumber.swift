/// A citizen identity number of the People's Republic of China (GB 11643-1999).
///
/// Eighteen characters: a six-digit administrative division (GB/T 2260), an eight-digit birth
/// date, a three-digit sequence code whose parity gives the sex, and an ISO 7064 MOD 11-2 check
/// character (`0`–`9` or `X`). A value that exists is valid: the birth date is a real date from
/// 1900 on and not in the future, the province exists, and the check character matches. A
/// lower-case `x` is accepted and stored upper-case; a 15-digit number from before 1999
/// (two-digit year of the 1900s, no check character) is converted to 18 digits.
///
/// The same form serves the residence permits of Hong Kong, Macao and Taiwan residents (2018;
/// division `810000`, `820000` or `830000`) and the foreigner's permanent residence identity
/// card of 2023 (first digit `9`, the accepting province's two digits, the nationality's ISO
/// 3166-1 numeric code, then birth date, sequence and check character as above); ``kind`` says
/// which. Hotels register all three (and the whole number of each) like a citizen's.
///
/// The number prints masked (`440115********149X`) through `description`,
/// `debugDescription`, string interpolation and `dump`; only ``fullNumber`` and `Codable`
/// give the whole number.
///
/// ```swift
/// let number = try ResidentIDNumber("44011519900307149X")
/// print(number)                 // 440115********149X
/// number.sex                    // .male
/// number.age(on: try CalendarDate(iso8601: "2026-11-25"))   // 36
/// ```
public struct ResidentIDNumber: Sendable, Hashable, Codable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The whole number, 18 characters with an upper-case `X`. Use only where the full number
    /// is needed (a registration record, a signed claim); never log it.
    public let fullNumber: String
    /// The birth date.
    public let birthDate: CalendarDate
    /// The province of first registration; for a residence permit the holder's region (Taiwan
    /// province for `830000`), for a permanent residence number the accepting province.
    public let province: AdministrativeDivision
    /// Whose number it is: a citizen's, a residence permit's or a foreigner's.
    public let kind: Kind
    /// How the number prints; does not take part in equality.
    public private(set) var masking: IdentityMasking = .identityNumber

    /// Reads an 18-character number, or converts a 15-digit one. `today` bounds the birth date;
    /// it defaults to the current date in China.
    public init(_ text: String, today: CalendarDate = .today()) throws {
        // On the UTF-8 bytes: every character of a valid number is one ASCII byte, and going
        // through Characters or scalars would cost more than the whole validation. Anything
        // else is refused, with messages counted in characters.
        var number = Array(text.utf8)
        guard number.allSatisfy({ $0 < 0x80 }) else { throw Self.nonASCIIRefusal(text) }
        switch number.count {
        case 18:
            try Self.checkDigits(number[..<17], in: "the first 17 characters")
            if number[17] == UInt8(ascii: "x") { number[17] = UInt8(ascii: "X") }
            guard number[17].asciiDigitValue != nil || number[17] == UInt8(ascii: "X") else {
                throw IDCoreError(.identityNumberCheckCharacter, "The check character must be a digit or X, not '\(Unicode.Scalar(number[17]))'.")
            }
            let expected = Self.checkCharacter(forDigits: number[..<17])
            guard number[17] == expected else {
                throw IDCoreError(.identityNumberCheckCharacter, "The check character is '\(Unicode.Scalar(number[17]))'; for these 17 digits it must be '\(Unicode.Scalar(expected))' (ISO 7064 MOD 11-2).")
            }
            fullNumber = text.utf8.last == number[17] ? text : String(decoding: number, as: UTF8.self)
        case 15:
            try Self.checkDigits(number[...], in: "a 15-digit number")
            number.insert(contentsOf: "19".utf8, at: 6)
            number.append(Self.checkCharacter(forDigits: number[...]))
            fullNumber = String(decoding: number, as: UTF8.self)
        default:
            throw Self.lengthRefusal(number.count)
        }
        birthDate = try Self.birthDate(in: number[6..<14], today: today)
        (kind, province) = try Self.holder(of: number[..<6], legacy: text.utf8.count == 15)
    }

    /// Whose number it is, from its first six digits, and the province it names; a 15-digit
    /// number (before 1999) is a citizen's.
    private static func holder(of digits: ArraySlice<UInt8>, legacy: Bool) throws -> (Kind, AdministrativeDivision) {
        func province(_ code: String, _ role: String) throws -> AdministrativeDivision {
            guard let division = try? AdministrativeDivision(code: code), division.level == .province else {
                throw IDCoreError(.identityNumberDivision, "\(role) \(code) does not exist (GB/T 2260).")
            }
            return division
        }
        // The common case, a citizen's number, decided on the first two bytes alone.
        let (first, second) = (digits[digits.startIndex], digits[digits.startIndex + 1])
        let isPermanentResidence = first == UInt8(ascii: "9")
        let isResidencePermit = first == UInt8(ascii: "8") && (UInt8(ascii: "1")...UInt8(ascii: "3")).contains(second)
        guard !legacy, isPermanentResidence || isResidencePermit else {
            return (.citizen, try province(String(decoding: digits.prefix(2), as: UTF8.self), "Province code"))
        }
        let text = String(decoding: digits, as: UTF8.self)
        if isPermanentResidence {
            let accepting = try province(String(text.dropFirst().prefix(2)), "The accepting province code of a permanent residence number,")
            guard let nationality = try? Country(code: String(text.suffix(3))) else {
                throw IDCoreError(.identityNumberDivision, "The nationality code \(text.suffix(3)) of a permanent residence number is not an ISO 3166-1 numeric code.")
            }
            guard nationality.alpha3 != "CHN" else {
                throw IDCoreError(.identityNumberDivision, "A permanent residence number is a foreigner's; its nationality cannot be China (156).")
            }
            return (.foreignPermanentResident(nationality: nationality), accepting)
        }
        guard let region = ResidencePermitRegion(rawValue: text) else {
            let expected = ResidencePermitRegion.allCases.first { $0.rawValue.prefix(2) == text.prefix(2) } ?? .hongKong
            throw IDCoreError(.identityNumberDivision, "A residence permit number of \(expected.englishName) residents starts \(expected.rawValue), not \(text).")
        }
        return (.residencePermit(region), try province(region == .taiwan ? "71" : String(text.prefix(2)), "Province code"))
    }

    /// The same number printing under another masking rule.
    public func withMasking(_ masking: IdentityMasking) -> ResidentIDNumber {
        var copy = self
        copy.masking = masking
        return copy
    }

    /// The six-digit division code of the place of first registration, which may have been
    /// abolished since; `810000`, `820000` or `830000` for a residence permit; for a
    /// permanent residence number `9`, the accepting province and the nationality, no division.
    public var divisionCode: String { String(decoding: fullNumber.utf8.prefix(6), as: UTF8.self) }

    /// The county-level division of first registration, or nil if its code is no longer in
    /// GB/T 2260 (counties merge and are renamed; the number keeps its old code).
    public var division: AdministrativeDivision? {
        try? AdministrativeDivision(code: divisionCode)
    }

    /// Whether the division code is in GB/T 2260 now, was abolished since (the history says
    /// what it was), or never existed, which a genuine number cannot have: only the province
    /// is checked on parsing, so a desk that wants more refuses `.neverExisted` itself.
    ///
    /// A residence permit's or permanent residence number's status is that of ``province``.
    public var divisionStatus: AdministrativeDivision.CodeStatus {
        guard kind == .citizen else { return .current(province) }
        return (try? AdministrativeDivision.status(ofCode: divisionCode)) ?? .neverExisted
    }

    /// The three-digit sequence code among people of one division and birth date.
    public var sequenceCode: Int {
        fullNumber.utf8.dropFirst(14).prefix(3).reduce(0) { $0 * 10 + ($1.asciiDigitValue ?? 0) }
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

    /// Decodes the full number and validates it as ``init(_:today:)`` does, against the
    /// decoder's ``Foundation/CodingUserInfoKey/referenceDate`` when it has one (a verifier's or a
    /// test's clock), else the current date in China.
    public init(from decoder: any Decoder) throws {
        let today = decoder.userInfo[.referenceDate] as? CalendarDate ?? .today()
        try self.init(decoder.singleValueContainer().decode(String.self), today: today)
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

    /// The weights 2^(17−i) mod 11 of the 17 digits, first to last (GB 11643-1999 table 1).
    private static let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]

    private static func checkCharacter(digitValues: [Int]) -> Unicode.Scalar {
        Unicode.Scalar(checkCharacter(sum: zip(digitValues, weights).reduce(0) { $0 + $1.0 * $1.1 }))
    }

    /// The check character of ASCII digits, as a byte.
    private static func checkCharacter(forDigits first17: ArraySlice<UInt8>) -> UInt8 {
        checkCharacter(sum: zip(first17, weights).reduce(0) { $0 + ($1.0.asciiDigitValue ?? 0) * $1.1 })
    }

    private static func checkCharacter(sum: Int) -> UInt8 {
        let value = (12 - sum % 11) % 11
        return value == 10 ? UInt8(ascii: "X") : UInt8(ascii: "0") + UInt8(value)
    }

    private static func checkDigits(_ bytes: ArraySlice<UInt8>, in part: String) throws {
        if let bad = bytes.firstIndex(where: { $0.asciiDigitValue == nil }) {
            throw IDCoreError(.identityNumberCharacter, "Character \(bad + 1) is '\(Unicode.Scalar(bytes[bad]))'; \(part) must all be digits.")
        }
    }

    private static func lengthRefusal(_ count: Int) -> IDCoreError {
        IDCoreError(.identityNumberLength, "An identity number has 18 characters (or 15 digits before 1999); this one has \(count).")
    }

    /// The refusal of a number with a character outside ASCII, which no valid number has.
    private static func nonASCIIRefusal(_ text: String) -> IDCoreError {
        let scalars = Array(text.unicodeScalars)
        guard scalars.count == 18 || scalars.count == 15, let bad = scalars.firstIndex(where: { !$0.isASCII }) else {
            return lengthRefusal(scalars.count)
        }
        let part = scalars.count == 15 ? "a 15-digit number" : bad == 17 ? "" : "the first 17 characters"
        guard !part.isEmpty else { return IDCoreError(.identityNumberCheckCharacter, "The check character must be a digit or X, not '\(scalars[bad])'.") }
        return IDCoreError(.identityNumberCharacter, "Character \(bad + 1) is '\(scalars[bad])'; \(part) must all be digits.")
    }

    private static func birthDate(in digits: ArraySlice<UInt8>, today: CalendarDate) throws -> CalendarDate {
        var text: String { String(decoding: digits, as: UTF8.self) }  // for the error messages only
        let number = { (range: Range<Int>) in digits.dropFirst(range.lowerBound).prefix(range.count).reduce(0) { $0 * 10 + ($1.asciiDigitValue ?? 0) } }
        let date: CalendarDate
        do {
            date = try CalendarDate(year: number(0..<4), month: number(4..<6), day: number(6..<8))
        } catch let error as IDCoreError {
            throw IDCoreError(.identityNumberDate, "The birth date \(text) is not a real date: \(error.reason)")
        }
        guard date.year >= 1900 else {
            throw IDCoreError(.identityNumberDate, "The birth date \(text) is before 1900.")
        }
        guard date <= today else {
            throw IDCoreError(.identityNumberDate, "The birth date \(text) is after today (\(today)).")
        }
        return date
    }
}
