extension ResidentIDNumber {
    /// Whose number it is, which its first digits tell.
    public enum Kind: Sendable, Hashable {
        /// A citizen's identity number (公民身份号码), its first six digits a GB/T 2260 division.
        case citizen
        /// The residence permit of a Hong Kong, Macao or Taiwan resident (港澳台居民居住证).
        case residencePermit(ResidencePermitRegion)
        /// A foreigner's permanent residence identity card of the 2023 format
        /// (外国人永久居留身份证), with the nationality its digits 4 to 6 give.
        case foreignPermanentResident(nationality: Country)
    }

    /// The region of a residence permit holder, by the division code the permit's number
    /// starts with (State Council, 2018).
    public enum ResidencePermitRegion: String, Sendable, Hashable, CaseIterable {
        /// Hong Kong residents: `810000`.
        case hongKong = "810000"
        /// Macao residents: `820000`.
        case macao = "820000"
        /// Taiwan residents: `830000`.
        case taiwan = "830000"

        /// `Hong Kong`, `Macao` or `Taiwan`.
        public var englishName: String {
            switch self {
            case .hongKong: "Hong Kong"
            case .macao: "Macao"
            case .taiwan: "Taiwan"
            }
        }
    }
}
