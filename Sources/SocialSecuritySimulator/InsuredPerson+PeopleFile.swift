import Foundation
import IDCore
import SocialSecurity

extension InsuredPerson {
    /// The people a simulated platform insures, from a JSON array of
    /// `{"psn_no", "id_number", "name", "card_number", "card_sn", "balance"}`: employees'
    /// basic insurance since 2010 with `balance` yuan in the personal account and a fund limit
    /// of 300,000 yuan a year. What the simulator's servers and tools read; each record is checked as
    /// ``InsuredPerson`` checks it, naming the field that is wrong.
    public static func people(fromJSON data: Data) throws -> [InsuredPerson] {
        struct Record: Decodable {
            let personNumber: String
            let idNumber: String
            let name: String
            let cardNumber: String
            let cardIdentifier: String
            let balance: String

            enum CodingKeys: String, CodingKey {
                case personNumber = "psn_no", idNumber = "id_number", name, cardNumber = "card_number", cardIdentifier = "card_sn", balance
            }
        }
        return try JSONDecoder().decode([Record].self, from: data).map {
            try InsuredPerson(personNumber: $0.personNumber, idNumber: ResidentIDNumber($0.idNumber), name: PersonName($0.name),
                              card: (SocialSecurityCardNumber($0.cardNumber), $0.cardIdentifier),
                              insurance: [.init(type: .employeeBasic, insuredSince: CalendarDate(year: 2010, month: 1, day: 1), personalAccount: Yuan($0.balance),
                                                fundLimit: Yuan("300000.00"))])
        }
    }
}
