import Synchronization

/// The trust list a verifier reads at each verification, replaced whole when an authority
/// publishes a new one (a key added ahead of a rotation, a compromised key removed) without
/// rebuilding the verifier or dropping its status-list cache.
///
/// ```swift
/// let trust = TrustListStore(try TrustList(publishedJSON: downloaded))
/// let verifier = CredentialVerifier(trustList: trust, acceptedTypes: types, challenges: challenges)
/// // later, from the refresh job:
/// trust.replace(with: try TrustList(publishedJSON: refreshed))
/// ```
///
/// A status list cached under a key the new list no longer trusts is fetched again before it
/// is used; lists under keys still trusted are kept.
public final class TrustListStore: Sendable {
    private let list: Mutex<TrustList>

    /// Starts with `initial`.
    public init(_ initial: TrustList) {
        list = Mutex(initial)
    }

    /// The list in force now.
    public var current: TrustList { list.withLock { $0 } }

    /// Puts `newList` in force for every verification that starts from now on.
    public func replace(with newList: TrustList) {
        list.withLock { $0 = newList }
    }
}
