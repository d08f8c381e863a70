import Foundation

/// Journal leases kept in one process's memory, for journals that serve one process.
package struct InProcessLeases: Sendable {
    private var leases: [String: (holder: String, until: Date)] = [:]

    package init() {}

    /// Takes the lease unless another holder's still runs at `now`.
    package mutating func acquire(_ businessID: String, holder: String, now: Date, until: Date) -> Bool {
        if let lease = leases[businessID], lease.holder != holder, lease.until > now { return false }
        leases[businessID] = (holder, until)
        return true
    }

    /// Ends `holder`'s lease, if it holds it.
    package mutating func release(_ businessID: String, holder: String) {
        if leases[businessID]?.holder == holder { leases[businessID] = nil }
    }
}
