import Foundation

/// Algorithm implementations (`EVP_MD`, `EVP_CIPHER`) fetched once from OpenSSL's default
/// provider. An implicit fetch on every call costs a lock and a lookup; these handles are
/// immutable after creation and shared by all threads. An algorithm the OpenSSL build lacks
/// (SM3 under a FIPS-only configuration, say) is reported when it is first used.
final class FetchedAlgorithms<Name: Hashable & CaseIterable & Sendable>: @unchecked Sendable {
    private let handles: [Name: OpaquePointer]
    private let openSSLName: (Name) -> String

    init(openSSLName: @escaping (Name) -> String, fetch: (String) -> OpaquePointer?) {
        var handles: [Name: OpaquePointer] = [:]
        for name in Name.allCases {
            handles[name] = fetch(openSSLName(name))
        }
        OpenSSLErrorQueue.drain()
        self.handles = handles
        self.openSSLName = openSSLName
    }

    func handle(_ name: Name) throws -> OpaquePointer {
        guard let handle = handles[name] else {
            throw IDCoreError(.unsupportedAlgorithm, "This OpenSSL build does not provide \(openSSLName(name)).")
        }
        return handle
    }
}
