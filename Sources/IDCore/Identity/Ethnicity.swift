/// An ethnic group as GB/T 3304 codes it: the 56 recognised nationalities (`01`–`56`), plus
/// `97` other and `98` foreign-born naturalised citizens.
///
/// Encoded as the two-digit code; names are the Chinese name and GB/T 3304's romanisation.
///
/// ```swift
/// let zhuang = try Ethnicity(code: "08")   // 壮族, Zhuang
/// ```
public struct Ethnicity: Sendable, StandardCodedValue, CustomStringConvertible {
    /// The two-digit numeric code: `01` for Han.
    public let code: String
    /// The two-letter code of GB/T 3304: `HA` for Han.
    public let letterCode: String
    /// The Chinese name: `汉族`.
    public let chineseName: String
    /// The romanised name of GB/T 3304: `Han`.
    public let romanizedName: String

    /// Looks an ethnic group up by its two-digit code.
    public init(code: String) throws {
        guard let found = Self.all.first(where: { $0.code == code }) else {
            throw IDCoreError(.invalidPersonalData, "'\(code)' is not a GB/T 3304 ethnicity code (01 to 56, 97 or 98).")
        }
        self = found
    }

    /// Looks an ethnic group up by its Chinese name, with or without the trailing `族`.
    public init(chineseName: String) throws {
        guard let found = Self.all.first(where: { $0.chineseName == chineseName || $0.chineseName == chineseName + "族" }) else {
            throw IDCoreError(.invalidPersonalData, "'\(chineseName)' is not an ethnic group name of GB/T 3304.")
        }
        self = found
    }

    private init(_ code: String, _ letterCode: String, _ chineseName: String, _ romanizedName: String) {
        self.code = code
        self.letterCode = letterCode
        self.chineseName = chineseName
        self.romanizedName = romanizedName
    }

    /// Han, the most common value.
    public static let han = Ethnicity("01", "HA", "汉族", "Han")

    /// Every code of GB/T 3304, in code order.
    public static let all: [Ethnicity] = [
        han, Ethnicity("02", "MG", "蒙古族", "Mongol"), Ethnicity("03", "HU", "回族", "Hui"), Ethnicity("04", "ZA", "藏族", "Zang"),
        Ethnicity("05", "UG", "维吾尔族", "Uygur"), Ethnicity("06", "MH", "苗族", "Miao"), Ethnicity("07", "YI", "彝族", "Yi"),
        Ethnicity("08", "ZH", "壮族", "Zhuang"), Ethnicity("09", "BY", "布依族", "Buyei"), Ethnicity("10", "CS", "朝鲜族", "Chosen"),
        Ethnicity("11", "MA", "满族", "Man"), Ethnicity("12", "DO", "侗族", "Dong"), Ethnicity("13", "YA", "瑶族", "Yao"),
        Ethnicity("14", "BA", "白族", "Bai"), Ethnicity("15", "TJ", "土家族", "Tujia"), Ethnicity("16", "HN", "哈尼族", "Hani"),
        Ethnicity("17", "KZ", "哈萨克族", "Kazak"), Ethnicity("18", "DA", "傣族", "Dai"), Ethnicity("19", "LI", "黎族", "Li"),
        Ethnicity("20", "LS", "傈僳族", "Lisu"), Ethnicity("21", "VA", "佤族", "Va"), Ethnicity("22", "SH", "畲族", "She"),
        Ethnicity("23", "GS", "高山族", "Gaoshan"), Ethnicity("24", "LH", "拉祜族", "Lahu"), Ethnicity("25", "SU", "水族", "Sui"),
        Ethnicity("26", "DX", "东乡族", "Dongxiang"), Ethnicity("27", "NX", "纳西族", "Naxi"), Ethnicity("28", "JP", "景颇族", "Jingpo"),
        Ethnicity("29", "KG", "柯尔克孜族", "Kirgiz"), Ethnicity("30", "TU", "土族", "Tu"), Ethnicity("31", "DU", "达斡尔族", "Daur"),
        Ethnicity("32", "ML", "仫佬族", "Mulao"), Ethnicity("33", "QI", "羌族", "Qiang"), Ethnicity("34", "BL", "布朗族", "Blang"),
        Ethnicity("35", "SL", "撒拉族", "Salar"), Ethnicity("36", "MN", "毛南族", "Maonan"), Ethnicity("37", "GL", "仡佬族", "Gelao"),
        Ethnicity("38", "XB", "锡伯族", "Xibe"), Ethnicity("39", "AC", "阿昌族", "Achang"), Ethnicity("40", "PM", "普米族", "Pumi"),
        Ethnicity("41", "TA", "塔吉克族", "Tajik"), Ethnicity("42", "NU", "怒族", "Nu"), Ethnicity("43", "UZ", "乌孜别克族", "Uzbek"),
        Ethnicity("44", "RS", "俄罗斯族", "Russ"), Ethnicity("45", "EW", "鄂温克族", "Ewenki"), Ethnicity("46", "DE", "德昂族", "Deang"),
        Ethnicity("47", "BN", "保安族", "Bonan"), Ethnicity("48", "YG", "裕固族", "Yugur"), Ethnicity("49", "GI", "京族", "Gin"),
        Ethnicity("50", "TT", "塔塔尔族", "Tatar"), Ethnicity("51", "DR", "独龙族", "Derung"), Ethnicity("52", "OR", "鄂伦春族", "Oroqen"),
        Ethnicity("53", "HZ", "赫哲族", "Hezhen"), Ethnicity("54", "MB", "门巴族", "Monba"), Ethnicity("55", "LB", "珞巴族", "Lhoba"),
        Ethnicity("56", "JN", "基诺族", "Jino"),
        Ethnicity("97", "", "其他", "Other"), Ethnicity("98", "", "外国血统中国籍人士", "Naturalised citizen of foreign origin"),
    ]

    public var description: String { "\(code) \(chineseName) (\(romanizedName))" }
}
