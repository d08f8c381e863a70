import Foundation

/// How much a piece of work raises the process's peak resident memory, on Linux: the peak
/// (`VmHWM`) is reset through `/proc/self/clear_refs` before the work and read after it.
enum PeakMemory {
    /// The growth of the peak over the resident size before `body`, in bytes; nil where the
    /// kernel does not offer the counters.
    static func growth<Result>(_ body: () throws -> Result) rethrows -> (result: Result, bytes: Int?) {
        let reset = (try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)) != nil
        let before = field("VmRSS")
        let result = try body()
        guard reset, let before, let peak = field("VmHWM") else { return (result, nil) }
        return (result, (peak - before) * 1024)
    }

    private static func field(_ name: String) -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        return status.split(separator: "\n").first { $0.hasPrefix(name + ":") }
            .flatMap { Int($0.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") }
    }
}
