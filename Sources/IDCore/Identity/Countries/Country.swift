/// A country or area of ISO 3166-1 (GB/T 2659): a foreign guest's nationality.
///
/// Encoded as the three-digit numeric code, the form the 2023 foreigner's permanent residence
/// identity card carries in its number; looked up by that code or by the alpha-3 letters of
/// passports and of the 2017 card.
///
/// ```swift
/// let korea = try Country(code: "410")         // KOR, South Korea
/// try Country(alpha3: "USA").code              // "840"
/// ```
public struct Country: Sendable, StandardCodedValue, CustomStringConvertible {
    /// The three-digit numeric code: `840`.
    public let code: String
    /// The three-letter code: `USA`.
    public let alpha3: String
    /// The English short name: `United States`.
    public let englishName: String

    /// Looks a country up by its numeric code.
    public init(code: String) throws {
        guard let found = CountryRegistry.shared.byNumeric[code] else {
            throw IDCoreError(.invalidPersonalData, "'\(code)' is not an ISO 3166-1 numeric country code.")
        }
        self = found
    }

    /// Looks a country up by its alpha-3 code, in any case.
    public init(alpha3: String) throws {
        guard let found = CountryRegistry.shared.byAlpha3[alpha3.uppercased()] else {
            throw IDCoreError(.invalidPersonalData, "'\(alpha3)' is not an ISO 3166-1 alpha-3 country code.")
        }
        self = found
    }

    fileprivate init(code: String, alpha3: String, englishName: String) {
        self.code = code
        self.alpha3 = alpha3
        self.englishName = englishName
    }

    public var description: String { "\(alpha3) (\(englishName))" }
}

/// The generated table, read once.
private struct CountryRegistry: Sendable {
    static let shared = CountryRegistry(table: Country.table)

    let byNumeric: [String: Country]
    let byAlpha3: [String: Country]

    init(table: String) {
        let countries = table.split(separator: "\n").compactMap { line -> Country? in
            let fields = line.split(separator: "\t")
            return fields.count == 3 ? Country(code: String(fields[0]), alpha3: String(fields[1]), englishName: String(fields[2])) : nil
        }
        byNumeric = Dictionary(uniqueKeysWithValues: countries.map { ($0.code, $0) })
        byAlpha3 = Dictionary(uniqueKeysWithValues: countries.map { ($0.alpha3, $0) })
    }
}
