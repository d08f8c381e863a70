import Foundation

/// Document signers a verifier validated recently, by certificate. One document signer signs
/// thousands of documents, and each validation of its path costs a signature verification and
/// a chain build; a validation is reused only while it would pass again (inside its window:
/// both certificates valid, the CRLs checked current) and for `maximumAge` at most, and a
/// refusal is never reused.
final class ValidatedSignerCache: @unchecked Sendable {
    private struct Entry {
        let signer: IACATrust.ValidatedSigner
        let until: Date
    }

    /// Beyond this many document signers the cache starts afresh: a reader meets a few dozen.
    private static let capacity = 1024
    private let maximumAge: TimeInterval
    private let lock = NSLock()
    private var entries: [[UInt8]: Entry] = [:]

    init(maximumAge: TimeInterval) {
        self.maximumAge = maximumAge
    }

    /// The validation of the certificate `der` that holds at `time`, if there is one: looked up
    /// by its bytes, before anything of it is parsed.
    func signer(for der: [UInt8], at time: Date) -> IACATrust.ValidatedSigner? {
        lock.withLock {
            guard let entry = entries[der], entry.signer.window.contains(time), time <= entry.until else { return nil }
            return entry.signer
        }
    }

    /// Remembers a validation made at `time`.
    func store(_ signer: IACATrust.ValidatedSigner, at time: Date) {
        lock.withLock {
            if entries.count >= Self.capacity { entries.removeAll(keepingCapacity: true) }
            entries[Array(signer.documentSigner.derRepresentation)] = Entry(signer: signer, until: min(signer.window.upperBound, time.addingTimeInterval(maximumAge)))
        }
    }
}
