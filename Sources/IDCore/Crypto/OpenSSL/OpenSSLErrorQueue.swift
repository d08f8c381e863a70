import COpenSSL

/// OpenSSL keeps failures in a per-thread queue. Every call into OpenSSL that can fail goes
/// through here, so the queue is drained after each operation and a stale entry never shows up
/// as the cause of the next, unrelated failure.
enum OpenSSLErrorQueue {
    /// Empties the queue and returns the reason of the earliest entry, if any.
    @discardableResult
    static func drain() -> String? {
        var first: String?
        while true {
            let code = ERR_get_error()
            if code == 0 { break }
            if first == nil {
                var buffer = [CChar](repeating: 0, count: 256)
                ERR_error_string_n(code, &buffer, buffer.count)
                first = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            }
        }
        return first
    }

    /// Builds an error from the queue's first entry, emptying the queue.
    static func error(_ code: IDCoreError.Code, _ what: String) -> IDCoreError {
        if let detail = drain() {
            return IDCoreError(code, "\(what) (OpenSSL: \(detail))")
        }
        return IDCoreError(code, what)
    }

    /// Throws `error(code, what)` unless an OpenSSL call reported success (a return of 1).
    static func check(
        _ result: Int32,
        _ code: IDCoreError.Code = .cryptographicFailure,
        _ what: @autoclosure () -> String
    ) throws {
        if result != 1 { throw error(code, what()) }
    }
}
