import Foundation
import IDCore

// The request and response bodies of each transaction (Documentation/ConnectorProtocol.md §8).
// Amounts are integer fen; member names are the protocol's snake_case names.

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

/// Asks whether a person is insured on a service date (`eligibility.check`).
public struct EligibilityRequest: Sendable, Hashable, Codable, ConnectorMessage {
    /// The person's resident ID number.
    public let idNumber: ResidentIDNumber
    /// The date of the intended service.
    public let serviceDate: CalendarDate

    /// Creates an eligibility request.
    public init(idNumber: ResidentIDNumber, serviceDate: CalendarDate) {
        self.idNumber = idNumber
        self.serviceDate = serviceDate
    }

    package init(json: JSONObjectReader) throws {
        try self.init(idNumber: json.value("id_number"), serviceDate: json.value("service_date"))
    }

    package var json: JSONValue { .object(["id_number": JSONValue(idNumber), "service_date": JSONValue(serviceDate)]) }
}

/// A person's insurance standing on the requested date.
public struct EligibilityResponse: Sendable, Hashable, Codable, ConnectorMessage {
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

    package init(json: JSONObjectReader) throws {
        try self.init(insured: json.bool("insured"), insuranceType: json.value("insurance_type"), personalAccountFen: json.integer("personal_account_fen"),
                      annualFundUsedFen: json.integer("annual_fund_used_fen"), annualFundLimitFen: json.integer("annual_fund_limit_fen"))
    }

    package var json: JSONValue {
        .object(["insured": .bool(insured), "insurance_type": .string(insuranceType.rawValue), "personal_account_fen": .integer(personalAccountFen),
                 "annual_fund_used_fen": .integer(annualFundUsedFen), "annual_fund_limit_fen": .integer(annualFundLimitFen)])
    }
}

/// Lists a department's appointment slots on a date (`appointment.slots`).
public struct SlotsRequest: Sendable, Hashable, Codable, ConnectorMessage {
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

    package init(json: JSONObjectReader) throws {
        try self.init(hospitalID: json.string("hospital_id"), department: json.string("department"), date: json.value("date"))
    }

    package var json: JSONValue { .object(["hospital_id": .string(hospitalID), "department": .string(department), "date": JSONValue(date)]) }
}

/// One bookable slot with a doctor.
public struct AppointmentSlot: Sendable, Hashable, Codable, ConnectorMessage {
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

    package init(json: JSONObjectReader) throws {
        try self.init(slotID: json.string("slot_id"), doctor: json.string("doctor"), startsAtText: json.string("starts_at"), available: json.bool("available"))
    }

    package var json: JSONValue { .object(["slot_id": .string(slotID), "doctor": .string(doctor), "starts_at": .string(startsAt), "available": .bool(available)]) }
}

/// The slots of the requested department and day.
public struct SlotsResponse: Sendable, Hashable, Codable, ConnectorMessage {
    /// The slots, sorted by slot identifier.
    public let slots: [AppointmentSlot]

    /// Creates a slots answer.
    public init(slots: [AppointmentSlot]) { self.slots = slots }

    package init(json: JSONObjectReader) throws {
        try self.init(slots: json.objects("slots", AppointmentSlot.init(json:)))
    }

    package var json: JSONValue { .object(["slots": .array(slots.map(\.json))]) }
}

/// Books a slot for a person (`appointment.book`).
public struct BookingRequest: Sendable, Hashable, Codable, ConnectorMessage {
    /// The patient's resident ID number.
    public let idNumber: ResidentIDNumber
    /// The slot to book.
    public let slotID: String

    /// Creates a booking request.
    public init(idNumber: ResidentIDNumber, slotID: String) {
        self.idNumber = idNumber
        self.slotID = slotID
    }

    package init(json: JSONObjectReader) throws {
        try self.init(idNumber: json.value("id_number"), slotID: json.string("slot_id"))
    }

    package var json: JSONValue { .object(["id_number": JSONValue(idNumber), "slot_id": .string(slotID)]) }
}

/// A confirmed appointment.
public struct BookingResponse: Sendable, Hashable, Codable, ConnectorMessage {
    /// The appointment identifier, used to cancel it.
    public let appointmentID: String
    /// When the appointment starts, in protocol time format.
    public let startsAt: String

    /// Creates a booking answer.
    public init(appointmentID: String, startsAt: String) {
        self.appointmentID = appointmentID
        self.startsAt = startsAt
    }

    package init(json: JSONObjectReader) throws {
        try self.init(appointmentID: json.string("appointment_id"), startsAt: json.string("starts_at"))
    }

    package var json: JSONValue { .object(["appointment_id": .string(appointmentID), "starts_at": .string(startsAt)]) }
}

/// Cancels an appointment (`appointment.cancel`).
public struct CancellationRequest: Sendable, Hashable, Codable, ConnectorMessage {
    /// The appointment to cancel.
    public let appointmentID: String

    /// Creates a cancellation request.
    public init(appointmentID: String) { self.appointmentID = appointmentID }

    package init(json: JSONObjectReader) throws {
        try self.init(appointmentID: json.string("appointment_id"))
    }

    package var json: JSONValue { .object(["appointment_id": .string(appointmentID)]) }
}

/// The confirmation of a cancelled appointment.
public struct CancellationResponse: Sendable, Hashable, Codable, ConnectorMessage {
    /// The cancelled appointment.
    public let appointmentID: String
    /// When it was cancelled, in protocol time format.
    public let cancelledAt: String

    /// Creates a cancellation answer; `cancelledAt` is formatted in protocol time.
    public init(appointmentID: String, cancelledAt: Date) {
        self.appointmentID = appointmentID
        self.cancelledAt = ProtocolTime.format(cancelledAt)
    }

    private init(appointmentID: String, cancelledAtText: String) {
        self.appointmentID = appointmentID
        self.cancelledAt = cancelledAtText
    }

    package init(json: JSONObjectReader) throws {
        try self.init(appointmentID: json.string("appointment_id"), cancelledAtText: json.string("cancelled_at"))
    }

    package var json: JSONValue { .object(["appointment_id": .string(appointmentID), "cancelled_at": .string(cancelledAt)]) }
}

/// One billed line of a visit.
public struct BillItem: Sendable, Hashable, Codable, ConnectorMessage {
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

    package init(json: JSONObjectReader) throws {
        try self.init(code: json.string("code"), name: json.string("name"), category: json.value("category"), quantity: json.int("quantity"),
                      unitPriceFen: json.integer("unit_price_fen"))
    }

    package var json: JSONValue {
        .object(["code": .string(code), "name": .string(name), "category": .string(category.rawValue), "quantity": .integer(Int64(quantity)),
                 "unit_price_fen": .integer(unitPriceFen)])
    }
}

/// Estimates or settles a bill (`settlement.estimate`, `settlement.settle`).
public struct SettlementRequest: Sendable, Hashable, Codable, ConnectorMessage {
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

    package init(json: JSONObjectReader) throws {
        try self.init(idNumber: json.value("id_number"), visitID: json.optionalString("visit_id"), items: json.objects("items", BillItem.init(json:)))
    }

    package var json: JSONValue {
        var members: [String: JSONValue] = ["id_number": JSONValue(idNumber), "items": .array(items.map(\.json))]
        members["visit_id"] = visitID.map(JSONValue.string)
        return .object(members)
    }
}

/// How a bill is paid: from the insurance fund, the personal account and in cash.
public struct SettlementSplit: Sendable, Hashable, Codable, ConnectorMessage {
    /// The part of a bill one fund pays.
    public struct FundShare: Sendable, Hashable, Codable, ConnectorMessage {
        /// The fund's name, for example `basic-medical-insurance`.
        public let fund: String
        /// The amount the fund pays, in fen.
        public let amountFen: Int64

        /// Creates a fund share.
        public init(fund: String, amountFen: Int64) {
            self.fund = fund
            self.amountFen = amountFen
        }

        package init(json: JSONObjectReader) throws {
            try self.init(fund: json.string("fund"), amountFen: json.integer("amount_fen"))
        }

        package var json: JSONValue { .object(["fund": .string(fund), "amount_fen": .integer(amountFen)]) }
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

    package init(json: JSONObjectReader) throws {
        try self.init(totalFen: json.integer("total_fen"), fundFen: json.integer("fund_fen"), personalAccountFen: json.integer("personal_account_fen"),
                      cashFen: json.integer("cash_fen"), funds: json.objects("funds", FundShare.init(json:)),
                      settlementID: json.optionalString("settlement_id"), settledAt: json.optionalString("settled_at"))
    }

    package var json: JSONValue {
        var members: [String: JSONValue] = [
            "total_fen": .integer(totalFen), "fund_fen": .integer(fundFen), "personal_account_fen": .integer(personalAccountFen),
            "cash_fen": .integer(cashFen), "funds": .array(funds.map(\.json)),
        ]
        members["settlement_id"] = settlementID.map(JSONValue.string)
        members["settled_at"] = settledAt.map(JSONValue.string)
        return .object(members)
    }
}

/// Reverses a whole settlement on the same day (`settlement.reverse`).
public struct ReversalRequest: Sendable, Hashable, Codable, ConnectorMessage {
    /// The settlement to reverse.
    public let settlementID: String
    /// Why it is reversed, for the bureau's audit trail.
    public let reason: String

    /// Creates a reversal request.
    public init(settlementID: String, reason: String) {
        self.settlementID = settlementID
        self.reason = reason
    }

    package init(json: JSONObjectReader) throws {
        try self.init(settlementID: json.string("settlement_id"), reason: json.string("reason"))
    }

    package var json: JSONValue { .object(["settlement_id": .string(settlementID), "reason": .string(reason)]) }
}

/// The confirmation of a reversed settlement.
public struct ReversalResponse: Sendable, Hashable, Codable, ConnectorMessage {
    /// The reversed settlement.
    public let settlementID: String
    /// When it was reversed, in protocol time format.
    public let reversedAt: String

    /// Creates a reversal answer; `reversedAt` is formatted in protocol time.
    public init(settlementID: String, reversedAt: Date) {
        self.settlementID = settlementID
        self.reversedAt = ProtocolTime.format(reversedAt)
    }

    private init(settlementID: String, reversedAtText: String) {
        self.settlementID = settlementID
        self.reversedAt = reversedAtText
    }

    package init(json: JSONObjectReader) throws {
        try self.init(settlementID: json.string("settlement_id"), reversedAtText: json.string("reversed_at"))
    }

    package var json: JSONValue { .object(["settlement_id": .string(settlementID), "reversed_at": .string(reversedAt)]) }
}

/// Refunds some lines of a settlement (`settlement.refund`).
public struct RefundRequest: Sendable, Hashable, Codable, ConnectorMessage {
    /// The settlement the lines were paid in.
    public let settlementID: String
    /// The lines to refund, with the quantities refunded.
    public let items: [BillItem]

    /// Creates a refund request.
    public init(settlementID: String, items: [BillItem]) {
        self.settlementID = settlementID
        self.items = items
    }

    package init(json: JSONObjectReader) throws {
        try self.init(settlementID: json.string("settlement_id"), items: json.objects("items", BillItem.init(json:)))
    }

    package var json: JSONValue { .object(["settlement_id": .string(settlementID), "items": .array(items.map(\.json))]) }
}

/// How a refund goes back to the fund, the personal account and the patient.
public struct RefundResponse: Sendable, Hashable, Codable, ConnectorMessage {
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

    package init(json: JSONObjectReader) throws {
        try self.init(refundID: json.string("refund_id"), fundFen: json.integer("fund_fen"), personalAccountFen: json.integer("personal_account_fen"),
                      cashFen: json.integer("cash_fen"))
    }

    package var json: JSONValue {
        .object(["refund_id": .string(refundID), "fund_fen": .integer(fundFen), "personal_account_fen": .integer(personalAccountFen), "cash_fen": .integer(cashFen)])
    }
}

/// Totals of a day's settlements, as each side counts them.
public struct ReconciliationTotals: Sendable, Hashable, Codable, ConnectorMessage {
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

    package init(json: JSONObjectReader) throws {
        try self.init(count: json.int("count"), totalFen: json.integer("total_fen"), fundFen: json.integer("fund_fen"),
                      personalAccountFen: json.integer("personal_account_fen"), cashFen: json.integer("cash_fen"))
    }

    package var json: JSONValue {
        .object(["count": .integer(Int64(count)), "total_fen": .integer(totalFen), "fund_fen": .integer(fundFen),
                 "personal_account_fen": .integer(personalAccountFen), "cash_fen": .integer(cashFen)])
    }
}

/// Compares a day's settlements with the bureau's (`reconciliation.daily`).
public struct ReconciliationRequest: Sendable, Hashable, Codable, ConnectorMessage {
    /// The day to reconcile.
    public let date: CalendarDate
    /// The partner's own totals for that day.
    public let partnerTotals: ReconciliationTotals

    /// Creates a reconciliation request.
    public init(date: CalendarDate, partnerTotals: ReconciliationTotals) {
        self.date = date
        self.partnerTotals = partnerTotals
    }

    package init(json: JSONObjectReader) throws {
        try self.init(date: json.value("date"), partnerTotals: json.object("partner_totals", ReconciliationTotals.init(json:)))
    }

    package var json: JSONValue { .object(["date": JSONValue(date), "partner_totals": partnerTotals.json]) }
}

/// The bureau's totals for the day, its settlements and any mismatch.
public struct ReconciliationResponse: Sendable, Hashable, Codable, ConnectorMessage {
    /// One settlement as the bureau recorded it.
    public struct Detail: Sendable, Hashable, Codable, ConnectorMessage {
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

        package init(json: JSONObjectReader) throws {
            try self.init(settlementID: json.string("settlement_id"), totalFen: json.integer("total_fen"), status: json.string("status"))
        }

        package var json: JSONValue { .object(["settlement_id": .string(settlementID), "total_fen": .integer(totalFen), "status": .string(status)]) }
    }

    /// A difference between the partner's and the bureau's view of the day.
    public struct Mismatch: Sendable, Hashable, Codable, ConnectorMessage {
        /// The settlement concerned, or `nil` for a difference in the totals.
        public let settlementID: String?
        /// What differs, in plain words.
        public let issue: String

        /// Creates a mismatch.
        public init(settlementID: String?, issue: String) {
            self.settlementID = settlementID
            self.issue = issue
        }

        package init(json: JSONObjectReader) throws {
            try self.init(settlementID: json.optionalString("settlement_id"), issue: json.string("issue"))
        }

        package var json: JSONValue {
            var members: [String: JSONValue] = ["issue": .string(issue)]
            members["settlement_id"] = settlementID.map(JSONValue.string)
            return .object(members)
        }
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

    package init(json: JSONObjectReader) throws {
        try self.init(bureauTotals: json.object("bureau_totals", ReconciliationTotals.init(json:)), details: json.objects("details", Detail.init(json:)),
                      mismatches: json.objects("mismatches", Mismatch.init(json:)))
    }

    package var json: JSONValue {
        .object(["bureau_totals": bureauTotals.json, "details": .array(details.map(\.json)), "mismatches": .array(mismatches.map(\.json))])
    }
}
