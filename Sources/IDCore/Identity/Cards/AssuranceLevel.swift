/// How strongly the holder's identity was established when the card was issued, on the eIDAS
/// scale (Regulation (EU) 2015/1502): `low`, `substantial` or `high`.
///
/// A virtual ID card enrolled in person against the physical card with a face check is `high`;
/// one enrolled remotely with a document photo and a liveness check is `substantial`.
public enum AssuranceLevel: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    /// Self-asserted or remotely checked with limited confidence (eIDAS low).
    case low
    /// Checked against an authoritative source (eIDAS substantial).
    case substantial
    /// Checked in person or with a chip-read document and biometrics (eIDAS high).
    case high

    public static func < (lhs: AssuranceLevel, rhs: AssuranceLevel) -> Bool { lhs.rank < rhs.rank }

    private var rank: Int {
        switch self {
        case .low: 0
        case .substantial: 1
        case .high: 2
        }
    }
}
