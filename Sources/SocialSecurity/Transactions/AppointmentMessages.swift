import Foundation
import IDCore

// The bodies of appointment slots, booking and cancellation (Documentation/ConnectorProtocol.md
// §8). Amounts are integer fen; member names are the protocol's snake_case names, and each message
// maps itself to them by hand (`ConnectorMessage`).

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
