import Foundation
import IDCore
import Synchronization

/// A ``StatusListStore`` in memory, for one process: its lists and revocations end with it.
public final class InMemoryStatusListStore: StatusListStore {
    private struct List {
        let bitsPerStatus: Int
        let capacity: Int
        var nextIndex = 0
        var statuses: [Int: UInt8] = [:]
    }

    private let lists = Mutex<[String: List]>([:])

    /// An empty store.
    public init() {}

    public func createList(_ uri: String, bitsPerStatus: Int, capacity: Int) throws {
        try lists.withLock { lists in
            if let existing = lists[uri] {
                guard existing.bitsPerStatus == bitsPerStatus, existing.capacity == capacity else {
                    throw Self.reshaped(uri, bitsPerStatus: bitsPerStatus, capacity: capacity)
                }
                return
            }
            lists[uri] = List(bitsPerStatus: bitsPerStatus, capacity: capacity)
        }
    }

    public func allocateIndex(in uri: String) throws -> Int {
        try lists.withLock { lists in
            guard let list = lists[uri] else { throw Self.unknownList(uri) }
            guard list.nextIndex < list.capacity else { throw Self.full(uri, capacity: list.capacity) }
            lists[uri]?.nextIndex += 1
            return list.nextIndex
        }
    }

    public func setStatus(_ value: UInt8, at index: Int, in uri: String) throws {
        try lists.withLock { lists in
            guard let list = lists[uri] else { throw Self.unknownList(uri) }
            guard (0..<list.nextIndex).contains(index) else { throw Self.unallocated(index, in: uri) }
            guard list.statuses[index] != StatusListAuthority.Status.revoked.rawValue else { throw Self.revokedForGood(index, in: uri) }
            lists[uri]?.statuses[index] = value == 0 ? nil : value
        }
    }

    public func statuses(in uri: String) throws -> [Int: UInt8] {
        try lists.withLock { lists in
            guard let list = lists[uri] else { throw Self.unknownList(uri) }
            return list.statuses
        }
    }
}
