import Foundation

/// Where a ``SimulatedPlatform`` keeps every change to its ledger, in order, so that several
/// instances of one platform behind one address share a ledger and a restarted one carries on
/// where it stopped.
///
/// Each instance holds the ledger in memory with the position of the last change it applied.
/// Before it changes the ledger it takes the journal's write lock, applies the changes others
/// appended since, decides, and appends its own change in the same transaction: two instances
/// never decide on the same state, so a batch settles once however many instances are asked.
/// An implementation that cannot answer throws; the platform then answers `bureau-unavailable`
/// and changes nothing.
public protocol PlatformJournal: Sendable {
    /// The changes after `position`, in order.
    func changes(after position: Int64) throws -> [PlatformJournalChange]

    /// Runs `decide` under the journal's write lock with the changes appended after `position`,
    /// and appends the change it returns, if any, before the lock is released. Returns what
    /// `decide` returned and the journal's last position once it ran. If `decide` throws, the
    /// journal is unchanged.
    func append<Result>(after position: Int64, _ decide: ([PlatformJournalChange]) throws -> (change: Data?, result: Result)) throws
        -> (result: Result, position: Int64)
}

/// One change in a ``PlatformJournal``: its position and the platform's own encoding of it.
public struct PlatformJournalChange: Sendable, Hashable {
    /// Its place in the journal, from 1, without gaps.
    public let position: Int64
    /// What the platform wrote; the journal keeps it as it is.
    public let payload: Data

    /// Creates a change.
    public init(position: Int64, payload: Data) {
        self.position = position
        self.payload = payload
    }
}
