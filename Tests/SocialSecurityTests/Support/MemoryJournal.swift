import Foundation
import SocialSecurity

/// A temporary journal file, removed when the test ends.
struct TemporaryJournal {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("journal-\(UUID().uuidString).jsonl")

    func open() throws -> FileSettlementJournal { try FileSettlementJournal(url: url) }

    func remove() { try? FileManager.default.removeItem(at: url) }
}
