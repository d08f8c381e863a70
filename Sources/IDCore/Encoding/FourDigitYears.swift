import Foundation

/// The dates that formats with four-digit years can write (RFC 3339 and CBOR `tdate`, X.509
/// GeneralizedTime): 0001-01-01T00:00:00Z to 9999-12-31T23:59:59Z, as seconds since 1970.
enum FourDigitYears {
    static let seconds: ClosedRange<TimeInterval> = -62_135_596_800...253_402_300_799

    /// Whether every one of `dates` can be written.
    static func contain(_ dates: [Date]) -> Bool {
        dates.allSatisfy { seconds.contains($0.timeIntervalSince1970) }
    }
}
