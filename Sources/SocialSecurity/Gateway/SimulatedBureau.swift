import Foundation
import IDCore

/// An in-memory bureau with a small ledger: people and their cards and accounts, appointment
/// slots, settlements. The embedded default for tests and the examples; it follows the same
/// protocol rules as a real bureau (answers `not-found` for people a partner has not bound,
/// never settles twice, restores balances on reversal and refund).
public actor SimulatedBureau: BureauHandler {
    /// A person the bureau knows.
    public struct Person: Sendable {
        /// The person's resident ID number.
        public let idNumber: ResidentIDNumber
        /// The person's name.
        public let name: PersonName
        /// The person's social-security card number.
        public let cardNumber: SocialSecurityCardNumber
        /// The card's status; anything but active refuses settlement.
        public var cardStatus: SocialSecurityCard.Status
        /// The division whose bureau issued the card.
        public let issuingDivision: AdministrativeDivision
        /// The insurance scheme.
        public let insuranceType: EligibilityResponse.InsuranceType
        /// The personal account balance, in fen.
        public var personalAccountFen: Int64
        /// How much of this year's fund limit is used, in fen.
        public var annualFundUsedFen: Int64
        /// This year's fund limit, in fen.
        public let annualFundLimitFen: Int64

        /// Creates a person; the card is active and the fund limit 300,000 yuan unless told.
        public init(idNumber: ResidentIDNumber, name: PersonName, cardNumber: SocialSecurityCardNumber, cardStatus: SocialSecurityCard.Status = .active,
                    issuingDivision: AdministrativeDivision, insuranceType: EligibilityResponse.InsuranceType = .employee,
                    personalAccountFen: Int64, annualFundUsedFen: Int64 = 0, annualFundLimitFen: Int64 = 30_000_000) {
            self.idNumber = idNumber
            self.name = name
            self.cardNumber = cardNumber
            self.cardStatus = cardStatus
            self.issuingDivision = issuingDivision
            self.insuranceType = insuranceType
            self.personalAccountFen = personalAccountFen
            self.annualFundUsedFen = annualFundUsedFen
            self.annualFundLimitFen = annualFundLimitFen
        }
    }

    private struct Slot {
        let hospitalID: String
        let department: String
        let slot: AppointmentSlot
        let date: CalendarDate
        var appointmentID: String?
    }

    private struct Settlement {
        let partner: String
        let idNumber: ResidentIDNumber
        let date: CalendarDate
        let split: SettlementSplit
        var reversed = false
        /// Refunded so far from the fund, the personal account and cash.
        var refunded: [Int64] = [0, 0, 0]
    }

    private var people: [String: Person]
    private var bindings: Set<String> = []
    private var slots: [String: Slot] = [:]
    private var appointments: [String: (slotID: String, partner: String, cancelled: Bool)] = [:]
    private var settlements: [String: Settlement] = [:]
    private var sequence = 0
    private let clock: @Sendable () -> Date

    /// Creates a bureau knowing `people`; `clock` stamps settlements and decides the day.
    public init(people: [Person], clock: @escaping @Sendable () -> Date = Date.init) {
        self.people = Dictionary(people.map { ($0.idNumber.fullNumber, $0) }, uniquingKeysWith: { first, _ in first })
        self.clock = clock
    }

    /// Opens appointment slots at a hospital.
    public func addSlots(hospitalID: String, department: String, doctor: String, startTimes: [Date]) {
        for start in startTimes {
            sequence += 1
            let id = "slot-\(sequence)"
            slots[id] = Slot(hospitalID: hospitalID, department: department, slot: AppointmentSlot(slotID: id, doctor: doctor, startsAt: start, available: true),
                             date: CalendarDate.today(now: start), appointmentID: nil)
        }
    }

    /// The ledger's settlements for `partner`, for tests and reconciliation demonstrations.
    public func settlementCount(partner: String) -> Int { settlements.values.filter { $0.partner == partner }.count }

    /// The ids of `partner`'s settlements in the ledger.
    public func settlementIDs(partner: String) -> Set<String> { Set(settlements.filter { $0.value.partner == partner }.keys) }

    /// A person's current balances.
    public func person(_ idNumber: ResidentIDNumber) -> Person? { people[idNumber.fullNumber] }

    /// Binds the person's card to `partner` after checking the card number and status.
    public func bindCard(_ request: BindCardRequest, partner: String) throws -> CardStatusResponse {
        // A name or card number that does not match answers exactly like an unknown person.
        guard let person = people[request.idNumber.fullNumber], person.name == request.name, person.cardNumber == request.cardNumber else {
            throw Self.notFound
        }
        guard request.verification.liveness == "live" else {
            throw ConnectorError(.malformedRequest, "Card binding needs a live identity verification.")
        }
        bindings.insert(Self.binding(partner, request.idNumber))
        return CardStatusResponse(cardNumber: person.cardNumber, cardStatus: person.cardStatus, issuingDivision: person.issuingDivision)
    }

    /// The status of a card bound to `partner`.
    public func cardStatus(_ request: CardStatusRequest, partner: String) throws -> CardStatusResponse {
        let person = try boundPerson(request.idNumber, partner: partner)
        return CardStatusResponse(cardNumber: person.cardNumber, cardStatus: person.cardStatus, issuingDivision: person.issuingDivision)
    }

    /// The person's insurance standing on the service date.
    public func eligibility(_ request: EligibilityRequest, partner: String) throws -> EligibilityResponse {
        let person = try boundPerson(request.idNumber, partner: partner)
        return EligibilityResponse(insured: person.cardStatus == .active, insuranceType: person.insuranceType, personalAccountFen: person.personalAccountFen,
                                   annualFundUsedFen: person.annualFundUsedFen, annualFundLimitFen: person.annualFundLimitFen)
    }

    /// The department's slots for the day, sorted by slot identifier.
    public func appointmentSlots(_ request: SlotsRequest, partner: String) -> SlotsResponse {
        let matching = slots.values.filter { $0.hospitalID == request.hospitalID && $0.department == request.department && $0.date == request.date }
        return SlotsResponse(slots: matching.map {
            AppointmentSlot(slotID: $0.slot.slotID, doctor: $0.slot.doctor, startsAtText: $0.slot.startsAt, available: $0.appointmentID == nil)
        }.sorted { $0.slotID < $1.slotID })
    }

    /// Books a free slot; a taken slot answers `slot-unavailable`.
    public func bookAppointment(_ request: BookingRequest, partner: String) throws -> BookingResponse {
        _ = try activePerson(request.idNumber, partner: partner)
        guard var slot = slots[request.slotID] else { throw Self.notFound }
        guard slot.appointmentID == nil else { throw ConnectorError(.slotUnavailable, "Slot \(request.slotID) is already booked.") }
        sequence += 1
        let id = "appt-\(sequence)"
        slot.appointmentID = id
        slots[request.slotID] = slot
        appointments[id] = (request.slotID, partner, false)
        return BookingResponse(appointmentID: id, startsAt: slot.slot.startsAt)
    }

    /// Cancels one of the partner's appointments and frees its slot.
    public func cancelAppointment(_ request: CancellationRequest, partner: String) throws -> CancellationResponse {
        guard let appointment = appointments[request.appointmentID], appointment.partner == partner, !appointment.cancelled else { throw Self.notFound }
        appointments[request.appointmentID]?.cancelled = true
        slots[appointment.slotID]?.appointmentID = nil
        return CancellationResponse(appointmentID: request.appointmentID, cancelledAt: clock())
    }

    /// Computes the split of a bill without moving money.
    public func estimateSettlement(_ request: SettlementRequest, partner: String) throws -> SettlementSplit {
        try split(request, for: try activePerson(request.idNumber, partner: partner))
    }

    /// Settles a bill: debits the personal account, records the fund use, returns the split.
    public func settle(_ request: SettlementRequest, partner: String) throws -> SettlementSplit {
        let person = try activePerson(request.idNumber, partner: partner)
        let estimate = try split(request, for: person)
        sequence += 1
        let id = "stl-\(sequence)"
        let now = clock()
        let settled = SettlementSplit(totalFen: estimate.totalFen, fundFen: estimate.fundFen, personalAccountFen: estimate.personalAccountFen,
                                      cashFen: estimate.cashFen, funds: estimate.funds, settlementID: id, settledAt: ProtocolTime.format(now))
        people[person.idNumber.fullNumber]?.personalAccountFen -= estimate.personalAccountFen
        people[person.idNumber.fullNumber]?.annualFundUsedFen += estimate.fundFen
        settlements[id] = Settlement(partner: partner, idNumber: person.idNumber, date: CalendarDate.today(now: now), split: settled)
        return settled
    }

    /// Reverses a settlement and restores the account and fund use.
    public func reverseSettlement(_ request: ReversalRequest, partner: String) throws -> ReversalResponse {
        guard let settlement = settlements[request.settlementID], settlement.partner == partner else { throw Self.notFound }
        guard !settlement.reversed else { throw ConnectorError(.alreadyReversed, "Settlement \(request.settlementID) was reversed before.") }
        restore(settlement, fund: settlement.split.fundFen, personal: settlement.split.personalAccountFen)
        settlements[request.settlementID]?.reversed = true
        return ReversalResponse(settlementID: request.settlementID, reversedAt: clock())
    }

    /// Refunds some lines of a settlement, apportioning the amount back to each payer.
    public func refund(_ request: RefundRequest, partner: String) throws -> RefundResponse {
        guard let settlement = settlements[request.settlementID], settlement.partner == partner else { throw Self.notFound }
        guard !settlement.reversed else { throw ConnectorError(.alreadyReversed, "Settlement \(request.settlementID) was reversed; nothing is left to refund.") }
        let amount = request.items.reduce(Int64(0)) { $0 + $1.totalFen }
        let paid = [settlement.split.fundFen, settlement.split.personalAccountFen, settlement.split.cashFen]
        let left = zip(paid, settlement.refunded).map { $0 - $1 }
        guard amount > 0, amount <= left.reduce(0, +) else {
            throw ConnectorError(.malformedRequest, "The refund of \(amount) fen exceeds what is left of settlement \(request.settlementID).")
        }
        let shares = Self.apportion(amount, over: left)
        restore(settlement, fund: shares[0], personal: shares[1])
        settlements[request.settlementID]?.refunded = zip(settlement.refunded, shares).map { $0 + $1 }
        sequence += 1
        return RefundResponse(refundID: "rfd-\(sequence)", fundFen: shares[0], personalAccountFen: shares[1], cashFen: shares[2])
    }

    /// Splits `amount` fen over sources in proportion to what each can still give back, by
    /// largest remainder: every share is the floor or the ceiling of its exact part, so no source
    /// returns more than it paid and the shares add up to the amount exactly.
    static func apportion(_ amount: Int64, over available: [Int64]) -> [Int64] {
        let total = available.reduce(0, +)
        guard total > 0 else { return available.map { _ in 0 } }
        var shares = available.map { $0 * amount / total }
        let remainders = available.enumerated().map { ($0.offset, $0.element * amount % total) }
        var leftover = amount - shares.reduce(0, +)
        for (index, _) in remainders.sorted(by: { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }) where leftover > 0 && shares[index] < available[index] {
            shares[index] += 1
            leftover -= 1
        }
        return shares
    }

    /// The bureau's totals, settlements and mismatches for the partner's day.
    public func reconciliation(_ request: ReconciliationRequest, partner: String) -> ReconciliationResponse {
        let day = settlements.filter { $0.value.partner == partner && $0.value.date == request.date }.sorted { $0.key < $1.key }
        let counted = day.filter { !$0.value.reversed }.map(\.value.split)
        let totals = ReconciliationTotals(
            count: counted.count, totalFen: counted.reduce(0) { $0 + $1.totalFen }, fundFen: counted.reduce(0) { $0 + $1.fundFen },
            personalAccountFen: counted.reduce(0) { $0 + $1.personalAccountFen }, cashFen: counted.reduce(0) { $0 + $1.cashFen }
        )
        var mismatches: [ReconciliationResponse.Mismatch] = []
        if totals != request.partnerTotals {
            mismatches.append(.init(settlementID: nil, issue: "Partner totals \(request.partnerTotals.count) / \(request.partnerTotals.totalFen) fen differ from the bureau's \(totals.count) / \(totals.totalFen) fen."))
        }
        return ReconciliationResponse(
            bureauTotals: totals,
            details: day.map { .init(settlementID: $0.key, totalFen: $0.value.split.totalFen, status: $0.value.reversed ? "reversed" : "settled") },
            mismatches: mismatches
        )
    }

    /// The fund covers 70 % (employee) or 50 % (resident) of drugs, exams and treatment within
    /// the annual limit; the personal account pays what it can of the rest; cash the remainder.
    private func split(_ request: SettlementRequest, for person: Person) throws -> SettlementSplit {
        guard !request.items.isEmpty, request.items.allSatisfy({ $0.quantity > 0 && $0.unitPriceFen >= 0 }) else {
            throw ConnectorError(.malformedRequest, "A bill needs at least one line with a positive quantity and a price of 0 fen or more.")
        }
        let total = request.items.reduce(Int64(0)) { $0 + $1.totalFen }
        let covered = request.items.filter { $0.category != .service }.reduce(Int64(0)) { $0 + $1.totalFen }
        let rate: Int64 = person.insuranceType == .employee ? 70 : 50
        let fund = min(covered * rate / 100, max(0, person.annualFundLimitFen - person.annualFundUsedFen))
        let personal = person.insuranceType == .employee ? min(person.personalAccountFen, total - fund) : 0
        return SettlementSplit(totalFen: total, fundFen: fund, personalAccountFen: personal, cashFen: total - fund - personal,
                               funds: [.init(fund: "basic-medical-insurance", amountFen: fund)])
    }

    private func restore(_ settlement: Settlement, fund: Int64, personal: Int64) {
        people[settlement.idNumber.fullNumber]?.personalAccountFen += personal
        people[settlement.idNumber.fullNumber]?.annualFundUsedFen -= fund
    }

    private func boundPerson(_ idNumber: ResidentIDNumber, partner: String) throws -> Person {
        guard bindings.contains(Self.binding(partner, idNumber)), let person = people[idNumber.fullNumber] else { throw Self.notFound }
        return person
    }

    private func activePerson(_ idNumber: ResidentIDNumber, partner: String) throws -> Person {
        let person = try boundPerson(idNumber, partner: partner)
        guard person.cardStatus == .active else {
            throw ConnectorError(.cardNotActive, "The card is \(person.cardStatus.rawValue.replacingOccurrences(of: "_", with: " ")).")
        }
        return person
    }

    private static func binding(_ partner: String, _ idNumber: ResidentIDNumber) -> String { "\(partner)\u{0}\(idNumber.fullNumber)" }

    private static let notFound = ConnectorError(.notFound, "No such card, appointment or settlement for this partner.")
}
