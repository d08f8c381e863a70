import Foundation

extension DecodingError {
    /// Where a body did not fit its message and why, naming the member's path but never its
    /// value (it may be an identity number): `data.medfee_sumamt: Expected Int64, found a string.`
    package var memberDescription: String {
        let (path, reason): ([any CodingKey], String) = switch self {
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context): (context.codingPath, context.debugDescription)
        case .keyNotFound(let key, let context): (context.codingPath + [key], context.debugDescription)
        @unknown default: ([], "The body does not fit its message.")
        }
        let members = path.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".").replacingOccurrences(of: ".[", with: "[")
        return members.isEmpty ? reason : "\(members): \(reason)"
    }
}
