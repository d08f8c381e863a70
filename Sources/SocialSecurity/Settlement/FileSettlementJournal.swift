import Foundation
import IDCore

/// An append-only journal file of JSON lines, each written whole and followed by `fsync`, for a
/// single process. Opening replays the lines in order (the last line of a business id wins)
/// and cuts off a torn final line left by a crash mid-write (one without its line feed); any
/// other unreadable line is refused, as it would hide an entry.
public actor FileSettlementJournal: SettlementJournal {
    private let handle: FileHandle
    private var entries: [String: JournalEntry] = [:]
    private var order: [String] = []
    /// Leases live in memory: the file journal serves one process.
    private var leases = InProcessLeases()

    /// Opens the journal at `url`, creating it if needed.
    public init(url: URL) throws {
        if !FileManager.default.fileExists(atPath: url.path) {
            guard FileManager.default.createFile(atPath: url.path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
                throw ConnectorError(.journalUnavailable, "Cannot create the settlement journal at \(url.path).")
            }
        }
        do {
            handle = try FileHandle(forUpdating: url)
            let contents = try handle.readToEnd() ?? Data()
            // Every complete line ends with a line feed; what follows the last one is torn.
            let complete = contents.lastIndex(of: UInt8(ascii: "\n")).map { contents.startIndex...$0 }.map { contents[$0] } ?? Data()
            for (position, line) in complete.split(separator: UInt8(ascii: "\n")).enumerated() {
                guard let entry = try? JournalEntry(storedJSON: String(decoding: line, as: UTF8.self)) else {
                    throw ConnectorError(.journalUnavailable, "Line \(position + 1) of the settlement journal \(url.lastPathComponent) is unreadable.")
                }
                if entries.updateValue(entry, forKey: entry.businessID) == nil { order.append(entry.businessID) }
            }
            if complete.count < contents.count { try handle.truncate(atOffset: UInt64(complete.count)) }
            try handle.seekToEnd()
        } catch let error as ConnectorError {
            throw error
        } catch {
            throw ConnectorError(.journalUnavailable, "Cannot read the settlement journal at \(url.path): \(error.localizedDescription)")
        }
    }

    public func claim(_ entry: JournalEntry) throws -> JournalEntry {
        if let existing = entries[entry.businessID] { return existing }
        try record(entry)
        return entry
    }

    /// Appends the entry and flushes it to disk (`fsync`) before returning.
    public func record(_ entry: JournalEntry) throws {
        do {
            var line = Data(try entry.storedJSON.utf8)
            line.append(UInt8(ascii: "\n"))
            try handle.write(contentsOf: line)
            try handle.synchronize()
        } catch {
            throw ConnectorError(.journalUnavailable, "The settlement journal could not record \(entry.businessID): \(error.localizedDescription)")
        }
        if entries.updateValue(entry, forKey: entry.businessID) == nil { order.append(entry.businessID) }
    }

    public func pending() -> [JournalEntry] {
        order.compactMap { entries[$0] }.filter(\.isPending)
    }

    public func completed(in period: ReconciliationPeriod) -> [JournalEntry] {
        order.compactMap { entries[$0] }.filter { entry in
            entry.record.map { period.contains(CalendarDate.today(now: $0.info.settledAt, in: CalendarDate.chinaStandardTime)) } ?? false
        }
    }

    public func acquireLease(_ businessID: String, holder: String, now: Date, until: Date) -> Bool {
        leases.acquire(businessID, holder: holder, now: now, until: until)
    }

    public func releaseLease(_ businessID: String, holder: String) {
        leases.release(businessID, holder: holder)
    }

    /// Every entry, in the order first recorded.
    public func all() -> [JournalEntry] {
        order.compactMap { entries[$0] }
    }

    /// The entry of a business id, if any.
    public func entry(_ businessID: String) -> JournalEntry? { entries[businessID] }
}
