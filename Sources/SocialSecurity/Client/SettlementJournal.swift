import Foundation

/// A settlement recorded before it is sent, so that a crash cannot lose it or apply it twice:
/// after a restart, ``ProvincialConnector/recoverPending(from:)`` sends each pending entry again
/// with its idempotency key.
public struct JournalEntry: Sendable, Hashable, Codable {
    /// Where the settlement stands.
    public enum Outcome: Sendable, Hashable, Codable {
        /// Recorded, not yet known to be settled.
        case pending
        /// Settled; the split the bureau answered.
        case settled(SettlementSplit)
        /// Refused for good by the bureau (a catalogue code that is not retryable).
        case failed(code: String, message: String)
    }

    /// The key the settlement is sent with, every time.
    public let idempotencyKey: String
    /// The settlement request, kept so that it is resent unchanged.
    public let request: SettlementRequest
    /// Where the settlement stands.
    public var outcome: Outcome

    /// Creates an entry; a new entry is pending.
    public init(idempotencyKey: String, request: SettlementRequest, outcome: Outcome = .pending) {
        self.idempotencyKey = idempotencyKey
        self.request = request
        self.outcome = outcome
    }
}

/// Where settlements are journaled. The file journal is the default; an integrator may back it
/// with a database, as long as `record` is durable when it returns.
public protocol SettlementJournal: Sendable {
    /// Durably records an entry (a new pending settlement or its final outcome).
    func record(_ entry: JournalEntry) async throws
    /// The entries whose outcome is still pending.
    func pending() async throws -> [JournalEntry]
}

/// An append-only journal file of JSON lines, each write followed by `fsync`. Reading replays the
/// lines in order (the last line for a key wins) and ignores a torn final line left by a crash.
public actor FileSettlementJournal: SettlementJournal {
    private let url: URL
    private var entries: [String: JournalEntry] = [:]
    private var order: [String] = []

    /// Opens the journal at `url`, creating it if needed; a torn last line from a crash is skipped.
    public init(url: URL) throws {
        self.url = url
        if !FileManager.default.fileExists(atPath: url.path) {
            guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
                throw ConnectorError(.internalError, "Cannot create the settlement journal at \(url.path).")
            }
        }
        let text = try Data(contentsOf: url)
        for line in text.split(separator: UInt8(ascii: "\n")) {
            // A line that does not decode is the torn tail of a crash mid-write: skip it.
            guard let entry = try? JSONDecoder().decode(JournalEntry.self, from: Data(line)) else { continue }
            if entries.updateValue(entry, forKey: entry.idempotencyKey) == nil { order.append(entry.idempotencyKey) }
        }
    }

    /// Appends the entry and flushes it to disk (`fsync`) before returning.
    public func record(_ entry: JournalEntry) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var line = try encoder.encode(entry)
        line.append(UInt8(ascii: "\n"))
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: line)
        try handle.synchronize()
        if entries.updateValue(entry, forKey: entry.idempotencyKey) == nil { order.append(entry.idempotencyKey) }
    }

    /// The entries not yet settled or refused, in the order first recorded.
    public func pending() -> [JournalEntry] {
        order.compactMap { entries[$0] }.filter { $0.outcome == .pending }
    }

    /// Every entry, in the order first recorded.
    public func all() -> [JournalEntry] {
        order.compactMap { entries[$0] }
    }
}
