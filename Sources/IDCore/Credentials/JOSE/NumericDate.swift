import Foundation

extension JSONValue {
    /// A JWT NumericDate (RFC 7519 section 2): seconds since the epoch, integer or not.
    init(numericDate date: Date) {
        self = .integer(Int64(date.timeIntervalSince1970.rounded(.down)))
    }

    /// The date, if this is a NumericDate.
    var numericDate: Date? {
        switch self {
        case .integer(let seconds): Date(timeIntervalSince1970: TimeInterval(seconds))
        case .number(let seconds): Date(timeIntervalSince1970: seconds.doubleValue)
        default: nil
        }
    }
}
