import Foundation

/// A free list of prepared OpenSSL contexts of one kind, so that a hot operation reuses a
/// context instead of allocating and initialising one per call.
///
/// A context is handed to one caller at a time under the lock and returned afterwards; at most
/// `capacity` idle contexts are kept, any more are freed. Contexts that an operation leaves in
/// an unknown state (after a failure) are freed, never returned.
final class EVPContextPool: @unchecked Sendable {
    private let lock = NSLock()
    private var idle: [OpaquePointer] = []
    private let capacity: Int
    private let make: () throws -> OpaquePointer
    private let free: (OpaquePointer) -> Void

    /// Twice the processor count, read once: `ProcessInfo` reads `/proc` on every call.
    private static let defaultCapacity = 2 * ProcessInfo.processInfo.activeProcessorCount

    init(capacity: Int = defaultCapacity,
         make: @escaping () throws -> OpaquePointer, free: @escaping (OpaquePointer) -> Void) {
        self.capacity = capacity
        self.make = make
        self.free = free
    }

    deinit {
        idle.forEach(free)
    }

    /// Runs `body` with a context of its own; `body` returns whether the context may be reused.
    func withContext<Result>(_ body: (OpaquePointer) throws -> (result: Result, reusable: Bool)) throws -> Result {
        let context = try lock.withLock { idle.popLast() } ?? make()
        let outcome: (result: Result, reusable: Bool)
        do {
            outcome = try body(context)
        } catch {
            free(context)
            throw error
        }
        let kept = outcome.reusable && lock.withLock {
            guard idle.count < capacity else { return false }
            idle.append(context)
            return true
        }
        if !kept { free(context) }
        return outcome.result
    }
}
