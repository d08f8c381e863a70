/// Checks for free-text fields of identity documents (address, issuing authority, bank name):
/// trimmed, not empty, bounded, and free of control characters that could forge log lines.
enum PersonalDataText {
    static func validated(_ text: String, field: String, maximumLength: Int) throws -> String {
        let trimmed = text.trimmingWhitespace()
        guard (1...maximumLength).contains(trimmed.count) else {
            throw IDCoreError(.invalidPersonalData, "The \(field) has 1 to \(maximumLength) characters; this one has \(trimmed.count).")
        }
        guard !trimmed.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw IDCoreError(.invalidPersonalData, "The \(field) contains control characters.")
        }
        return trimmed
    }
}
