import Foundation
import IDCore

// The request and response bodies of each transaction (Documentation/ConnectorProtocol.md §8).
// Amounts are integer fen; member names are the protocol's snake_case names.

/// The partner's own record of how it verified the person before binding a card: the virtual
/// ID presentation and the face check. It travels inside the signed request.
public struct IdentityVerificationRecord: Sendable, Hashable, Codable {
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

    enum CodingKeys: String, CodingKey {
        case method, credentialIssuer = "credential_issuer", faceSimilarity = "face_similarity", liveness, verifiedAt = "verified_at"
    }
}

/// Binds a person's social-security card to the partner's account (`card.bind`).
public struct BindCardRequest: Sendable, Hashable, Codable {
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

    enum CodingKeys: String, CodingKey { case idNumber = "id_number", name, cardNumber = "card_number", verification }
}

/// The answer to card binding and card status.
public struct CardStatusResponse: Sendable, Hashable, Codable {
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

    enum CodingKeys: String, CodingKey { case cardNumber = "card_number", cardStatus = "card_status", issuingDivision = "issuing_division" }
}

/// Asks the bureau for the status of a person's card (`card.status`).
public struct CardStatusRequest: Sendable, Hashable, Codable {
    /// The cardholder's resident ID number.
    public let idNumber: ResidentIDNumber

    /// Creates a status request.
    public init(idNumber: ResidentIDNumber) { self.idNumber = idNumber }

    enum CodingKeys: String, CodingKey { case idNumber = "id_number" }
}

/// Asks whether a person is insured on a service date (`eligibility.check`).
public struct EligibilityRequest: Sendable, Hashable, Codable {
    /// The person's resident ID number.
    public let idNumber: ResidentIDNumber
    /// The date of the intended service.
    public let serviceDate: CalendarDate

    /// Creates an eligibility request.
    public init(idNumber: ResidentIDNumber, serviceDate: CalendarDate) {
        self.idNumber = idNumber
        self.serviceDate = serviceDate
    }

    enum CodingKeys: String, CodingKey { case idNumber = "id_number", serviceDate = "service_date" }
}

/// A person's insurance standing on the requested date.
public struct EligibilityResponse: Sendable, Hashable, Codable {
    /// The insurance scheme: employee or urban-rural resident.
    public enum InsuranceType: String, Sendable, Hashable, Codable {
        /// Basic medical insurance for employees, with a personal account.
        case employee
        /// Basic medical insurance for urban and rural residents.
        case resident
    }

    /// Whether the person is insured on the service date.
    public let insured: Bool
    /// The scheme the person is insured under.
    public let insuranceType: InsuranceType
    /// The personal account balance, in fen.
    public let personalAccountFen: Int64
    /// How much of this year's fund limit is used, in fen.
    public let annualFundUsedFen: Int64
    /// This year's fund limit, in fen.
    public let annualFundLimitFen: Int64

    /// Creates an eligibility answer.
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

/// Lists a department's appointment slots on a date (`appointment.slots`).
public struct SlotsRequest: Sendable, Hashable, Codable {
    /// The hospital's identifier at the bureau.
    public let hospitalID: String
    /// The department code.
    public let department: String
    /// The day to list.
    public let date: CalendarDate

    /// Creates a slots request.
    public init(hospitalID: String, department: String, date: CalendarDate) {
        self.hospitalID = hospitalID
        self.department = department
        self.date = date
    }

    enum CodingKeys: String, CodingKey { case hospitalID = "hospital_id", department, date }
}

/// One bookable slot with a doctor.
public struct AppointmentSlot: Sendable, Hashable, Codable {
    /// The slot identifier used to book it.
    public let slotID: String
    /// The doctor's display name.
    public let doctor: String
    /// The slot's start, in protocol time format.
    public let startsAt: String
    /// Whether the slot can still be booked.
    public let available: Bool

    /// Creates a slot; `startsAt` is formatted in protocol time.
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

/// The slots of the requested department and day.
public struct SlotsResponse: Sendable, Hashable, Codable {
    /// The slots, sorted by slot identifier.
    public let slots: [AppointmentSlot]

    /// Creates a slots answer.
    public init(slots: [AppointmentSlot]) { self.slots = slots }
}

/// Books a slot for a person (`appointment.book`).
public struct BookingRequest: Sendable, Hashable, Codable {
    /// The patient's resident ID number.
    public let idNumber: ResidentIDNumber
    /// The slot to book.
    public let slotID: String

    /// Creates a booking request.
    public init(idNumber: ResidentIDNumber, slotID: String) {
        self.idNumber = idNumber
        self.slotID = slotID
    }

    enum CodingKeys: String, CodingKey { case idNumber = "id_number", slotID = "slot_id" }
}

/// A confirmed appointment.
public struct BookingResponse: Sendable, Hashable, Codable {
    /// The appointment identifier, used to cancel it.
    public let appointmentID: String
    /// When the appointment starts, in protocol time format.
    public let startsAt: String

    /// Creates a booking answer.
    public init(appointmentID: String, startsAt: String) {
        self.appointmentID = appointmentID
        self.startsAt = startsAt
    }

    enum CodingKeys: String, CodingKey { case appointmentID = "appointment_id", startsAt = "starts_at" }
}

/// Cancels an appointment (`appointment.cancel`).
public struct CancellationRequest: Sendable, Hashable, Codable {
    /// The appointment to cancel.
    public let appointmentID: String

    /// Creates a cancellation request.
    public init(appointmentID: String) { self.appointmentID = appointmentID }

    enum CodingKeys: String, CodingKey { case appointmentID = "appointment_id" }
}

/// The confirmation of a cancelled appointment.
public struct CancellationResponse: Sendable, Hashable, Codable {
    /// The cancelled appointment.
    public let appointmentID: String
    /// When it was cancelled, in protocol time format.
    public let cancelledAt: String

    /// Creates a cancellation answer; `cancelledAt` is formatted in protocol time.
    public init(appointmentID: String, cancelledAt: Date) {
        self.appointmentID = appointmentID
        self.cancelledAt = ProtocolTime.format(cancelledAt)
    }

    enum CodingKeys: String, CodingKey { case appointmentID = "appointment_id", cancelledAt = "cancelled_at" }
}

/// One billed line of a visit.
public struct BillItem: Sendable, Hashable, Codable {
    /// The kind of a billed item, which decides how the fund shares it.
    public enum Category: String, Sendable, Hashable, Codable {
        /// A medicine.
        case drug
        /// An examination or test.
        case exam
        /// A treatment or procedure.
        case treatment
        /// A service such as registration or a bed.
        case service
    }

    /// The item's catalogue code.
    public let code: String
    /// The item's display name.
    public let name: String
    /// The item's category.
    public let category: Category
    /// How many units were billed.
    public let quantity: Int
    /// The price of one unit, in fen.
    public let unitPriceFen: Int64

    /// Creates a bill line.
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

/// Estimates or settles a bill (`settlement.estimate`, `settlement.settle`).
public struct SettlementRequest: Sendable, Hashable, Codable {
    /// The patient's resident ID number.
    public let idNumber: ResidentIDNumber
    /// The hospital's visit identifier, if any.
    public let visitID: String?
    /// The billed lines.
    public let items: [BillItem]

    /// Creates a settlement request.
    public init(idNumber: ResidentIDNumber, visitID: String? = nil, items: [BillItem]) {
        self.idNumber = idNumber
        self.visitID = visitID
        self.items = items
    }

    enum CodingKeys: String, CodingKey { case idNumber = "id_number", visitID = "visit_id", items }
}

/// How a bill is paid: from the insurance fund, the personal account and in cash.
public struct SettlementSplit: Sendable, Hashable, Codable {
    /// The part of a bill one fund pays.
    public struct FundShare: Sendable, Hashable, Codable {
        /// The fund's name, for example `basic-medical-insurance`.
        public let fund: String
        /// The amount the fund pays, in fen.
        public let amountFen: Int64

        /// Creates a fund share.
        public init(fund: String, amountFen: Int64) {
            self.fund = fund
            self.amountFen = amountFen
        }

        enum CodingKeys: String, CodingKey { case fund, amountFen = "amount_fen" }
    }

    /// The bill total, in fen; always `fundFen + personalAccountFen + cashFen`.
    public let totalFen: Int64
    /// The amount the insurance funds pay, in fen.
    public let fundFen: Int64
    /// The amount taken from the personal account, in fen.
    public let personalAccountFen: Int64
    /// The amount the patient pays in cash, in fen.
    public let cashFen: Int64
    /// The fund amount broken down by fund.
    public let funds: [FundShare]
    /// Set for a settlement, absent for an estimate.
    public let settlementID: String?
    /// When the bill was settled, in protocol time format; absent for an estimate.
    public let settledAt: String?

    /// Creates a split.
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

/// Reverses a whole settlement on the same day (`settlement.reverse`).
public struct ReversalRequest: Sendable, Hashable, Codable {
    /// The settlement to reverse.
    public let settlementID: String
    /// Why it is reversed, for the bureau's audit trail.
    public let reason: String

    /// Creates a reversal request.
    public init(settlementID: String, reason: String) {
        self.settlementID = settlementID
        self.reason = reason
    }

    enum CodingKeys: String, CodingKey { case settlementID = "settlement_id", reason }
}

/// The confirmation of a reversed settlement.
public struct ReversalResponse: Sendable, Hashable, Codable {
    /// The reversed settlement.
    public let settlementID: String
    /// When it was reversed, in protocol time format.
    public let reversedAt: String

    /// Creates a reversal answer; `reversedAt` is formatted in protocol time.
    public init(settlementID: String, reversedAt: Date) {
        self.settlementID = settlementID
        self.reversedAt = ProtocolTime.format(reversedAt)
    }

    enum CodingKeys: String, CodingKey { case settlementID = "settlement_id", reversedAt = "reversed_at" }
}

/// Refunds some lines of a settlement (`settlement.refund`).
public struct RefundRequest: Sendable, Hashable, Codable {
    /// The settlement the lines were paid in.
    public let settlementID: String
    /// The lines to refund, with the quantities refunded.
    public let items: [BillItem]

    /// Creates a refund request.
    public init(settlementID: String, items: [BillItem]) {
        self.settlementID = settlementID
        self.items = items
    }

    enum CodingKeys: String, CodingKey { case settlementID = "settlement_id", items }
}

/// How a refund goes back to the fund, the personal account and the patient.
public struct RefundResponse: Sendable, Hashable, Codable {
    /// The refund identifier.
    public let refundID: String
    /// The amount returned to the funds, in fen.
    public let fundFen: Int64
    /// The amount returned to the personal account, in fen.
    public let personalAccountFen: Int64
    /// The amount returned to the patient in cash, in fen.
    public let cashFen: Int64

    /// Creates a refund answer.
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
    /// The number of settlements.
    public let count: Int
    /// Their total, in fen.
    public let totalFen: Int64
    /// The funds' share, in fen.
    public let fundFen: Int64
    /// The personal accounts' share, in fen.
    public let personalAccountFen: Int64
    /// The cash share, in fen.
    public let cashFen: Int64

    /// Creates totals.
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

/// Compares a day's settlements with the bureau's (`reconciliation.daily`).
public struct ReconciliationRequest: Sendable, Hashable, Codable {
    /// The day to reconcile.
    public let date: CalendarDate
    /// The partner's own totals for that day.
    public let partnerTotals: ReconciliationTotals

    /// Creates a reconciliation request.
    public init(date: CalendarDate, partnerTotals: ReconciliationTotals) {
        self.date = date
        self.partnerTotals = partnerTotals
    }

    enum CodingKeys: String, CodingKey { case date, partnerTotals = "partner_totals" }
}

/// The bureau's totals for the day, its settlements and any mismatch.
public struct ReconciliationResponse: Sendable, Hashable, Codable {
    /// One settlement as the bureau recorded it.
    public struct Detail: Sendable, Hashable, Codable {
        /// The settlement identifier.
        public let settlementID: String
        /// Its total, in fen.
        public let totalFen: Int64
        /// `settled` or `reversed`.
        public let status: String

        /// Creates a detail line.
        public init(settlementID: String, totalFen: Int64, status: String) {
            self.settlementID = settlementID
            self.totalFen = totalFen
            self.status = status
        }

        enum CodingKeys: String, CodingKey { case settlementID = "settlement_id", totalFen = "total_fen", status }
    }

    /// A difference between the partner's and the bureau's view of the day.
    public struct Mismatch: Sendable, Hashable, Codable {
        /// The settlement concerned, or `nil` for a difference in the totals.
        public let settlementID: String?
        /// What differs, in plain words.
        public let issue: String

        /// Creates a mismatch.
        public init(settlementID: String?, issue: String) {
            self.settlementID = settlementID
            self.issue = issue
        }

        enum CodingKeys: String, CodingKey { case settlementID = "settlement_id", issue }
    }

    /// The bureau's totals for the day.
    public let bureauTotals: ReconciliationTotals
    /// Every settlement the bureau recorded that day.
    public let details: [Detail]
    /// The differences found; empty when the two sides agree.
    public let mismatches: [Mismatch]

    /// Creates a reconciliation answer.
    public init(bureauTotals: ReconciliationTotals, details: [Detail], mismatches: [Mismatch]) {
        self.bureauTotals = bureauTotals
        self.details = details
        self.mismatches = mismatches
    }

    enum CodingKeys: String, CodingKey { case bureauTotals = "bureau_totals", details, mismatches }
}
