import Foundation
import Synchronization

/// A ``PlatformJournal`` in memory: the default, for a platform whose instances share one
/// process and whose ledger ends with it.
public final class InMemoryPlatformJournal: PlatformJournal {
    private let stored = Mutex<[PlatformJournalChange]>([])

    /// An empty journal.
    public init() {}

    public func changes(after position: Int64) -> [PlatformJournalChange] {
        stored.withLock { Array($0.dropFirst(Int(clamping: max(0, position)))) }
    }

    public func append<Result>(after position: Int64, _ decide: ([PlatformJournalChange]) throws -> (change: Data?, result: Result)) throws
        -> (result: Result, position: Int64) {
        try stored.withLock { changes in
            let (change, result) = try decide(Array(changes.dropFirst(Int(clamping: max(0, position)))))
            if let change { changes.append(PlatformJournalChange(position: Int64(changes.count) + 1, payload: change)) }
            return (result, Int64(changes.count))
        }
    }
}
