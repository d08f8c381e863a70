import Foundation

/// Where a ``StatusListAuthority`` keeps its lists: the next free index and each credential's
/// status. Shared by every instance of an issuer, so that no index is handed out twice and a
/// revocation made at one instance is in the next token any instance signs.
///
/// A status of `1` (revoked) is final: a store refuses to change it. A store that cannot answer
/// throws `store-unavailable`; it never hands out an index it did not record, nor reports a
/// list without a status it holds.
public protocol StatusListStore: Sendable {
    /// Creates the list at `uri` with its shape, or checks that the list already there has the
    /// same shape (`invalid-parameter` otherwise).
    func createList(_ uri: String, bitsPerStatus: Int, capacity: Int) async throws

    /// Reserves the list's next unused index; `invalid-parameter` once the list is full.
    func allocateIndex(in uri: String) async throws -> Int

    /// Records `value` at an index handed out before; `invalid-parameter` for an index never
    /// handed out or one already revoked.
    func setStatus(_ value: UInt8, at index: Int, in uri: String) async throws

    /// The entries whose status is not 0, by index.
    func statuses(in uri: String) async throws -> [Int: UInt8]
}

extension StatusListStore {
    /// The refusal for a list that is not there.
    package static func unknownList(_ uri: String) -> IDCoreError {
        IDCoreError(.invalidParameter, "No status list \(uri) in the store; the authority creates it.")
    }

    /// The refusal for an index never handed out.
    package static func unallocated(_ index: Int, in uri: String) -> IDCoreError {
        IDCoreError(.invalidParameter, "Index \(index) of status list \(uri) was never handed out.")
    }

    /// The refusal to change a revocation.
    package static func revokedForGood(_ index: Int, in uri: String) -> IDCoreError {
        IDCoreError(.invalidParameter, "Index \(index) of status list \(uri) is revoked; a revocation is final.")
    }

    /// The refusal once every index is handed out.
    package static func full(_ uri: String, capacity: Int) -> IDCoreError {
        IDCoreError(.invalidParameter, "Status list \(uri) is full (\(capacity) entries); open another.")
    }

    /// The refusal for a list created before with another shape.
    package static func reshaped(_ uri: String, bitsPerStatus: Int, capacity: Int) -> IDCoreError {
        IDCoreError(.invalidParameter, "Status list \(uri) exists with another shape than \(bitsPerStatus) bits × \(capacity); it keeps its shape.")
    }
}
