/// Checks for free-text fields of identity documents (address, issuing authority, bank name):
/// trimmed, not empty, bounded, and free of control characters that could forge log lines.
enum PersonalDataText {
    static func validated(_ text: String, field: String, maximumLength: Int) throws -> String {
        let trimmed = text.trimmingWhitespace()
        guard (1...maximumLength).contains(trimmed.count) else {
            throw IDCoreError(.invalidPersonalData, "The \(field) has 1 to \(maximumLength) characters; this one has \(trimmed.count).")
        }
        // General category Cc is exactly U+0000–U+001F and U+007F–U+009F, fixed by Unicode's
        // stability policy: ranges cost less than a property lookup per scalar.
        guard !trimmed.unicodeScalars.contains(where: { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }) else {
            throw IDCoreError(.invalidPersonalData, "The \(field) contains control characters.")
        }
        return trimmed
    }
}
