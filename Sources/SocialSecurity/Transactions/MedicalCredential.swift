import IDCore

/// What a patient shows at the counter to be found (就诊凭证, `mdtrt_cert_type` and
/// `mdtrt_cert_no`): the medical-insurance e-voucher, the resident identity card, or the
/// social-security card. Every form prints masked.
public enum MedicalCredential: Sendable, Hashable, CustomStringConvertible {
    /// 01: the e-voucher's token (电子凭证令牌), from the code the patient's wallet shows.
    case electronicVoucher(ElectronicVoucherToken)
    /// 02: the resident identity card's number.
    case identityCard(ResidentIDNumber)
    /// 03: the social-security card's number and its card identifier (卡识别码, `card_sn`).
    case socialSecurityCard(SocialSecurityCardNumber, cardIdentifier: String)

    /// `mdtrt_cert_type`: `01`, `02` or `03`.
    public var typeCode: String {
        switch self {
        case .electronicVoucher: "01"
        case .identityCard: "02"
        case .socialSecurityCard: "03"
        }
    }

    /// `mdtrt_cert_no`, whole: for the wire only.
    var number: String {
        switch self {
        case .electronicVoucher(let token): token.value
        case .identityCard(let number): number.fullNumber
        case .socialSecurityCard(let number, _): number.fullNumber
        }
    }

    /// The credential's kind and its masked number.
    public var description: String {
        switch self {
        case .electronicVoucher(let token): "e-voucher \(token)"
        case .identityCard(let number): "identity card \(number)"
        case .socialSecurityCard(let number, _): "social-security card \(number)"
        }
    }

    /// Reads `mdtrt_cert_type`, `mdtrt_cert_no` and, for a card, `card_sn`.
    init(json: JSONObjectReader) throws {
        let number = try json.requiredText("mdtrt_cert_no")
        switch try json.requiredText("mdtrt_cert_type") {
        case "01": self = .electronicVoucher(try ElectronicVoucherToken(number))
        case "02": self = .identityCard(try ResidentIDNumber(number))
        case "03": self = .socialSecurityCard(try SocialSecurityCardNumber(number), cardIdentifier: try json.text("card_sn") ?? "")
        case let other: throw ConnectorError(.malformedRequest, "'mdtrt_cert_type' is 01, 02 or 03, not '\(other.prefix(4))'.")
        }
    }

    /// Writes `mdtrt_cert_type` and `mdtrt_cert_no` into `members`.
    func write(into members: inout JSONMembers) {
        members["mdtrt_cert_type"] = .string(typeCode)
        members["mdtrt_cert_no"] = .string(number)
    }
}

/// The token of a medical-insurance e-voucher (医保电子凭证): what the counter's scanner reads
/// from the code in the patient's wallet. It stands for the patient for a few minutes, so it is
/// a credential: it prints masked.
public struct ElectronicVoucherToken: Sendable, Hashable, CustomStringConvertible {
    /// The token, whole: for the wire only.
    public let value: String

    /// Reads a token of 16 to 64 letters, digits, `-` and `_`.
    public init(_ value: String) throws {
        try ProtocolToken.check(value, name: "The e-voucher token")
        self.value = value
    }

    /// The first and last four characters.
    public var description: String { IdentityMasking(visiblePrefix: 4, visibleSuffix: 4).apply(to: value) }
}

/// The number of a person's identity document as a platform records it (`certno`): a resident
/// identity number or another document's number. It prints masked like an identity number.
public struct CertificateNumber: Sendable, Hashable, CustomStringConvertible {
    /// The number, whole.
    public let fullNumber: String

    /// Keeps any non-empty number of up to 50 characters (the field's length).
    public init(_ number: String) throws {
        guard !number.isEmpty, number.unicodeScalars.count <= 50 else {
            throw ConnectorError(.malformedRequest, "A certificate number has 1 to 50 characters.")
        }
        fullNumber = number
    }

    /// A resident identity number.
    public init(_ number: ResidentIDNumber) {
        fullNumber = number.fullNumber
    }

    /// The number with its middle hidden.
    public var description: String { IdentityMasking.identityNumber.apply(to: fullNumber) }
}
