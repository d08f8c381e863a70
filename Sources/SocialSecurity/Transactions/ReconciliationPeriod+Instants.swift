import Foundation
import IDCore

extension ReconciliationPeriod {
    /// The instants the period covers in China Standard Time, from midnight of its first day
    /// to midnight after its last: what a journal's index on settlement times is queried with.
    package var instants: Range<Date> {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = CalendarDate.chinaStandardTime
        func midnight(_ day: CalendarDate) -> Date {
            calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day)) ?? .distantPast
        }
        let start = midnight(from)
        return start..<max(start, midnight(through).addingTimeInterval(86400))
    }
}
