import Foundation
import IDCore

// The request and response bodies of each transaction (Documentation/ConnectorProtocol.md §8).
// Amounts are integer fen; member names are the protocol's snake_case names.

/// The partner's own record of how it verified the person before binding a card: the virtual
/// ID presentation and the face check. It travels inside the signed request.
public struct IdentityVerificationRecord: Sendable, Hashable, Codable {
    public let method: String
    public let credentialIssuer: String
    public let faceSimilarity: Float
    public let liveness: String
    public let verifiedAt: String

    public init(method: String = "virtual-id+face", credentialIssuer: String, faceSimilarity: Float, liveness: String = "live", verifiedAt: Date) {
        self.method = method
        self.credentialIssuer = credentialIssuer
        self.faceSimilarity = faceSimilarity
        self.liveness = liveness
        self.verifiedAt = ProtocolTime.format(verifiedAt)
    }

    enum CodingKeys: String, CodingKey {
        case method, credentialIssuer = "credential_issuer", faceSimilarity = "face_similarity", liveness, verifiedAt = "verified_at"
    }
}

public struct BindCardRequest: Sendable, Hashable, Codable {
    public let idNumber: ResidentIDNumber
    public let name: PersonName
    public let cardNumber: SocialSecurityCardNumber
    public let verification: IdentityVerificationRecord

    public init(idNumber: ResidentIDNumber, name: PersonName, cardNumber: SocialSecurityCardNumber, verification: IdentityVerificationRecord) {
        self.idNumber = idNumber
        self.name = name
        self.cardNumber = cardNumber
        self.verification = verification
    }

    enum CodingKeys: String, CodingKey { case idNumber = "id_number", name, cardNumber = "card_number", verification }
}

/// The answer to card binding and card status.
public struct CardStatusResponse: Sendable, Hashable, Codable {
    public let cardNumber: SocialSecurityCardNumber
    public let cardStatus: SocialSecurityCard.Status
    public let issuingDivision: AdministrativeDivision

    public init(cardNumber: SocialSecurityCardNumber, cardStatus: SocialSecurityCard.Status, issuingDivision: AdministrativeDivision) {
        self.cardNumber = cardNumber
        self.cardStatus = cardStatus
        self.issuingDivision = issuingDivision
    }

    enum CodingKeys: String, CodingKey { case cardNumber = "card_number", cardStatus = "card_status", issuingDivision = "issuing_division" }
}

public struct CardStatusRequest: Sendable, Hashable, Codable {
    public let idNumber: ResidentIDNumber

    public init(idNumber: ResidentIDNumber) { self.idNumber = idNumber }

    enum CodingKeys: String, CodingKey { case idNumber = "id_number" }
}

public struct EligibilityRequest: Sendable, Hashable, Codable {
    public let idNumber: ResidentIDNumber
    public let serviceDate: CalendarDate

    public init(idNumber: ResidentIDNumber, serviceDate: CalendarDate) {
        self.idNumber = idNumber
        self.serviceDate = serviceDate
    }

    enum CodingKeys: String, CodingKey { case idNumber = "id_number", serviceDate = "service_date" }
}

public struct EligibilityResponse: Sendable, Hashable, Codable {
    public enum InsuranceType: String, Sendable, Hashable, Codable { case employee, resident }

    public let insured: Bool
    public let insuranceType: InsuranceType
    public let personalAccountFen: Int64
    public let annualFundUsedFen: Int64
    public let annualFundLimitFen: Int64

    public init(insured: Bool, insuranceType: InsuranceType, personalAccountFen: Int64, annualFundUsedFen: Int64, annualFundLimitFen: Int64) {
        self.insured = insured
        self.insuranceType = insuranceType
        self.personalAccountFen = personalAccountFen
        self.annualFundUsedFen = annualFundUsedFen
        self.annualFundLimitFen = annualFundLimitFen
    }

    enum CodingKeys: String, CodingKey {
        case insured, insuranceType = "insurance_type", personalAccountFen = "personal_account_fen"
        case annualFundUsedFen = "annual_fund_used_fen", annualFundLimitFen = "annual_fund_limit_fen"
    }
}

public struct SlotsRequest: Sendable, Hashable, Codable {
    public let hospitalID: String
    public let department: String
    public let date: CalendarDate

    public init(hospitalID: String, department: String, date: CalendarDate) {
        self.hospitalID = hospitalID
        self.department = department
        self.date = date
    }

    enum CodingKeys: String, CodingKey { case hospitalID = "hospital_id", department, date }
}

public struct AppointmentSlot: Sendable, Hashable, Codable {
    public let slotID: String
    public let doctor: String
    public let startsAt: String
    public let available: Bool

    public init(slotID: String, doctor: String, startsAt: Date, available: Bool) {
        self.init(slotID: slotID, doctor: doctor, startsAtText: ProtocolTime.format(startsAt), available: available)
    }

    init(slotID: String, doctor: String, startsAtText: String, available: Bool) {
        self.slotID = slotID
        self.doctor = doctor
        self.startsAt = startsAtText
        self.available = available
    }

    enum CodingKeys: String, CodingKey { case slotID = "slot_id", doctor, startsAt = "starts_at", available }
}

public struct SlotsResponse: Sendable, Hashable, Codable {
    public let slots: [AppointmentSlot]

    public init(slots: [AppointmentSlot]) { self.slots = slots }
}

public struct BookingRequest: Sendable, Hashable, Codable {
    public let idNumber: ResidentIDNumber
    public let slotID: String

    public init(idNumber: ResidentIDNumber, slotID: String) {
        self.idNumber = idNumber
        self.slotID = slotID
    }

    enum CodingKeys: String, CodingKey { case idNumber = "id_number", slotID = "slot_id" }
}

public struct BookingResponse: Sendable, Hashable, Codable {
    public let appointmentID: String
    public let startsAt: String

    public init(appointmentID: String, startsAt: String) {
        self.appointmentID = appointmentID
        self.startsAt = startsAt
    }

    enum CodingKeys: String, CodingKey { case appointmentID = "appointment_id", startsAt = "starts_at" }
}

public struct CancellationRequest: Sendable, Hashable, Codable {
    public let appointmentID: String

    public init(appointmentID: String) { self.appointmentID = appointmentID }

    enum CodingKeys: String, CodingKey { case appointmentID = "appointment_id" }
}

public struct CancellationResponse: Sendable, Hashable, Codable {
    public let appointmentID: String
    public let cancelledAt: String

    public init(appointmentID: String, cancelledAt: Date) {
        self.appointmentID = appointmentID
        self.cancelledAt = ProtocolTime.format(cancelledAt)
    }

    enum CodingKeys: String, CodingKey { case appointmentID = "appointment_id", cancelledAt = "cancelled_at" }
}

/// One billed line of a visit.
public struct BillItem: Sendable, Hashable, Codable {
    public enum Category: String, Sendable, Hashable, Codable { case drug, exam, treatment, service }

    public let code: String
    public let name: String
    public let category: Category
    public let quantity: Int
    public let unitPriceFen: Int64

    public init(code: String, name: String, category: Category, quantity: Int, unitPriceFen: Int64) {
        self.code = code
        self.name = name
        self.category = category
        self.quantity = quantity
        self.unitPriceFen = unitPriceFen
    }

    /// The line total in fen.
    public var totalFen: Int64 { Int64(quantity) * unitPriceFen }

    enum CodingKeys: String, CodingKey { case code, name, category, quantity, unitPriceFen = "unit_price_fen" }
}

public struct SettlementRequest: Sendable, Hashable, Codable {
    public let idNumber: ResidentIDNumber
    public let visitID: String?
    public let items: [BillItem]

    public init(idNumber: ResidentIDNumber, visitID: String? = nil, items: [BillItem]) {
        self.idNumber = idNumber
        self.visitID = visitID
        self.items = items
    }

    enum CodingKeys: String, CodingKey { case idNumber = "id_number", visitID = "visit_id", items }
}

/// How a bill is paid: from the insurance fund, the personal account and in cash.
public struct SettlementSplit: Sendable, Hashable, Codable {
    public struct FundShare: Sendable, Hashable, Codable {
        public let fund: String
        public let amountFen: Int64

        public init(fund: String, amountFen: Int64) {
            self.fund = fund
            self.amountFen = amountFen
        }

        enum CodingKeys: String, CodingKey { case fund, amountFen = "amount_fen" }
    }

    public let totalFen: Int64
    public let fundFen: Int64
    public let personalAccountFen: Int64
    public let cashFen: Int64
    public let funds: [FundShare]
    /// Set for a settlement, absent for an estimate.
    public let settlementID: String?
    public let settledAt: String?

    public init(totalFen: Int64, fundFen: Int64, personalAccountFen: Int64, cashFen: Int64, funds: [FundShare],
                settlementID: String? = nil, settledAt: String? = nil) {
        self.totalFen = totalFen
        self.fundFen = fundFen
        self.personalAccountFen = personalAccountFen
        self.cashFen = cashFen
        self.funds = funds
        self.settlementID = settlementID
        self.settledAt = settledAt
    }

    enum CodingKeys: String, CodingKey {
        case totalFen = "total_fen", fundFen = "fund_fen", personalAccountFen = "personal_account_fen", cashFen = "cash_fen", funds
        case settlementID = "settlement_id", settledAt = "settled_at"
    }
}

public struct ReversalRequest: Sendable, Hashable, Codable {
    public let settlementID: String
    public let reason: String

    public init(settlementID: String, reason: String) {
        self.settlementID = settlementID
        self.reason = reason
    }

    enum CodingKeys: String, CodingKey { case settlementID = "settlement_id", reason }
}

public struct ReversalResponse: Sendable, Hashable, Codable {
    public let settlementID: String
    public let reversedAt: String

    public init(settlementID: String, reversedAt: Date) {
        self.settlementID = settlementID
        self.reversedAt = ProtocolTime.format(reversedAt)
    }

    enum CodingKeys: String, CodingKey { case settlementID = "settlement_id", reversedAt = "reversed_at" }
}

public struct RefundRequest: Sendable, Hashable, Codable {
    public let settlementID: String
    public let items: [BillItem]

    public init(settlementID: String, items: [BillItem]) {
        self.settlementID = settlementID
        self.items = items
    }

    enum CodingKeys: String, CodingKey { case settlementID = "settlement_id", items }
}

public struct RefundResponse: Sendable, Hashable, Codable {
    public let refundID: String
    public let fundFen: Int64
    public let personalAccountFen: Int64
    public let cashFen: Int64

    public init(refundID: String, fundFen: Int64, personalAccountFen: Int64, cashFen: Int64) {
        self.refundID = refundID
        self.fundFen = fundFen
        self.personalAccountFen = personalAccountFen
        self.cashFen = cashFen
    }

    enum CodingKeys: String, CodingKey { case refundID = "refund_id", fundFen = "fund_fen", personalAccountFen = "personal_account_fen", cashFen = "cash_fen" }
}

/// Totals of a day's settlements, as each side counts them.
public struct ReconciliationTotals: Sendable, Hashable, Codable {
    public let count: Int
    public let totalFen: Int64
    public let fundFen: Int64
    public let personalAccountFen: Int64
    public let cashFen: Int64

    public init(count: Int, totalFen: Int64, fundFen: Int64, personalAccountFen: Int64, cashFen: Int64) {
        self.count = count
        self.totalFen = totalFen
        self.fundFen = fundFen
        self.personalAccountFen = personalAccountFen
        self.cashFen = cashFen
    }

    enum CodingKeys: String, CodingKey {
        case count, totalFen = "total_fen", fundFen = "fund_fen", personalAccountFen = "personal_account_fen", cashFen = "cash_fen"
    }
}

public struct ReconciliationRequest: Sendable, Hashable, Codable {
    public let date: CalendarDate
    public let partnerTotals: ReconciliationTotals

    public init(date: CalendarDate, partnerTotals: ReconciliationTotals) {
        self.date = date
        self.partnerTotals = partnerTotals
    }

    enum CodingKeys: String, CodingKey { case date, partnerTotals = "partner_totals" }
}

public struct ReconciliationResponse: Sendable, Hashable, Codable {
    public struct Detail: Sendable, Hashable, Codable {
        public let settlementID: String
        public let totalFen: Int64
        public let status: String

        public init(settlementID: String, totalFen: Int64, status: String) {
            self.settlementID = settlementID
            self.totalFen = totalFen
            self.status = status
        }

        enum CodingKeys: String, CodingKey { case settlementID = "settlement_id", totalFen = "total_fen", status }
    }

    public struct Mismatch: Sendable, Hashable, Codable {
        public let settlementID: String?
        public let issue: String

        public init(settlementID: String?, issue: String) {
            self.settlementID = settlementID
            self.issue = issue
        }

        enum CodingKeys: String, CodingKey { case settlementID = "settlement_id", issue }
    }

    public let bureauTotals: ReconciliationTotals
    public let details: [Detail]
    public let mismatches: [Mismatch]

    public init(bureauTotals: ReconciliationTotals, details: [Detail], mismatches: [Mismatch]) {
        self.bureauTotals = bureauTotals
        self.details = details
        self.mismatches = mismatches
    }

    enum CodingKeys: String, CodingKey { case bureauTotals = "bureau_totals", details, mismatches }
}
