import Foundation
import IDCore

// The bodies of card binding and card status (Documentation/ConnectorProtocol.md §8). Amounts are
// integer fen; member names are the protocol's snake_case names, and each message maps itself to
// them by hand (`ConnectorMessage`).

/// The partner's own record of how it verified the person before binding a card: the virtual
/// ID presentation and the face check. It travels inside the signed request.
public struct IdentityVerificationRecord: Sendable, Hashable, Codable, ConnectorMessage {
    /// How the person was verified; `virtual-id+face` for a virtual ID presentation with a face check.
    public let method: String
    /// The issuer identifier of the verified virtual ID credential.
    public let credentialIssuer: String
    /// The 1:1 face similarity the partner measured.
    public let faceSimilarity: Float
    /// The liveness verdict, `live` when the session passed.
    public let liveness: String
    /// When the verification happened, in protocol time format (RFC 3339, UTC).
    public let verifiedAt: String

    /// Creates a record; `verifiedAt` is formatted in protocol time.
    public init(method: String = "virtual-id+face", credentialIssuer: String, faceSimilarity: Float, liveness: String = "live", verifiedAt: Date) {
        self.method = method
        self.credentialIssuer = credentialIssuer
        self.faceSimilarity = faceSimilarity
        self.liveness = liveness
        self.verifiedAt = ProtocolTime.format(verifiedAt)
    }

    private init(method: String, credentialIssuer: String, faceSimilarity: Float, liveness: String, verifiedAtText: String) {
        self.method = method
        self.credentialIssuer = credentialIssuer
        self.faceSimilarity = faceSimilarity
        self.liveness = liveness
        self.verifiedAt = verifiedAtText
    }

    package init(json: JSONObjectReader) throws {
        try self.init(method: json.string("method"), credentialIssuer: json.string("credential_issuer"), faceSimilarity: Float(json.number("face_similarity")),
                      liveness: json.string("liveness"), verifiedAtText: json.string("verified_at"))
    }

    package var json: JSONValue {
        get throws {
            .object(["method": .string(method), "credential_issuer": .string(credentialIssuer), "face_similarity": try JSONValue(faceSimilarity),
                     "liveness": .string(liveness), "verified_at": .string(verifiedAt)])
        }
    }
}

/// Binds a person's social-security card to the partner's account (`card.bind`).
public struct BindCardRequest: Sendable, Hashable, Codable, ConnectorMessage {
    /// The cardholder's resident ID number; prints masked.
    public let idNumber: ResidentIDNumber
    /// The cardholder's name as on the card.
    public let name: PersonName
    /// The social-security card number to bind.
    public let cardNumber: SocialSecurityCardNumber
    /// How the partner verified the person before binding.
    public let verification: IdentityVerificationRecord

    /// Creates a bind request.
    public init(idNumber: ResidentIDNumber, name: PersonName, cardNumber: SocialSecurityCardNumber, verification: IdentityVerificationRecord) {
        self.idNumber = idNumber
        self.name = name
        self.cardNumber = cardNumber
        self.verification = verification
    }

    package init(json: JSONObjectReader) throws {
        try self.init(idNumber: json.value("id_number"), name: json.value("name"), cardNumber: json.value("card_number"),
                      verification: json.object("verification", IdentityVerificationRecord.init(json:)))
    }

    package var json: JSONValue {
        get throws {
            .object(["id_number": JSONValue(idNumber), "name": JSONValue(name), "card_number": JSONValue(cardNumber), "verification": try verification.json])
        }
    }
}

/// The answer to card binding and card status.
public struct CardStatusResponse: Sendable, Hashable, Codable, ConnectorMessage {
    /// The card the answer is about.
    public let cardNumber: SocialSecurityCardNumber
    /// The card's current status at the bureau.
    public let cardStatus: SocialSecurityCard.Status
    /// The administrative division whose bureau issued the card.
    public let issuingDivision: AdministrativeDivision

    /// Creates a card status answer.
    public init(cardNumber: SocialSecurityCardNumber, cardStatus: SocialSecurityCard.Status, issuingDivision: AdministrativeDivision) {
        self.cardNumber = cardNumber
        self.cardStatus = cardStatus
        self.issuingDivision = issuingDivision
    }

    package init(json: JSONObjectReader) throws {
        try self.init(cardNumber: json.value("card_number"), cardStatus: json.value("card_status"), issuingDivision: json.value("issuing_division"))
    }

    package var json: JSONValue {
        .object(["card_number": JSONValue(cardNumber), "card_status": .string(cardStatus.rawValue), "issuing_division": JSONValue(issuingDivision)])
    }
}

/// Asks the bureau for the status of a person's card (`card.status`).
public struct CardStatusRequest: Sendable, Hashable, Codable, ConnectorMessage {
    /// The cardholder's resident ID number.
    public let idNumber: ResidentIDNumber

    /// Creates a status request.
    public init(idNumber: ResidentIDNumber) { self.idNumber = idNumber }

    package init(json: JSONObjectReader) throws {
        try self.init(idNumber: json.value("id_number"))
    }

    package var json: JSONValue { .object(["id_number": JSONValue(idNumber)]) }
}
