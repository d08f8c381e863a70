import IDCore

extension JournalEntry {
    /// The entry as a database journal stores it: compact JSON with sorted members.
    package var storedJSON: String {
        get throws { String(decoding: try JSONValue(encoding: self).serialized, as: UTF8.self) }
    }

    /// Reads a stored entry; one that does not read is `journal-unavailable`, since a journal
    /// that hides an entry could let a settlement run twice.
    package init(storedJSON text: String?) throws {
        guard let text, let entry = try? JSONValue(parsing: Array(text.utf8)).decoded(as: JournalEntry.self) else {
            throw ConnectorError(.journalUnavailable, "An entry of the settlement journal is unreadable; the journal was changed outside the SDK.")
        }
        self = entry
    }
}
