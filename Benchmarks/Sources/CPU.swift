import Foundation

/// The processor as `/proc/cpuinfo` describes it, and its peak single-precision FMA rate as its
/// vector units give it: the yardstick a batch kernel at the compute limit is read against.
enum CPU {
    private static let info = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""

    private static func field(_ name: String) -> String? {
        info.split(separator: "\n").first { $0.hasPrefix(name) }.map { String($0.split(separator: ":", maxSplits: 1).last ?? "").trimmingCharacters(in: .whitespaces) }
    }

    private static var flags: Set<Substring> { Set((field("flags") ?? "").split(separator: " ")) }

    /// Single-precision FLOPs a core retires per cycle at most: two FMA units of 512 bits on
    /// Intel's AVX-512 parts, two of 256 bits on AVX2 parts and on AMD's Zen 4 (which splits a
    /// 512-bit operation in two), four-wide SSE otherwise.
    static var flopsPerCycle: Double {
        let isAMD = field("vendor_id") == "AuthenticAMD"
        if flags.contains("avx512f") { return isAMD ? 32 : 64 }
        return flags.contains("avx2") && flags.contains("fma") ? 32 : 8
    }

    /// The clock the kernel reports now, in MHz.
    static var megahertz: Double { Double(field("cpu MHz") ?? "") ?? 0 }

    /// The peak rate of `cores` cores at the reported clock, in GFLOP/s.
    static func peakGFLOPS(cores: Int) -> Double {
        max(1, Double(cores) * megahertz / 1000 * flopsPerCycle)
    }

    static var summary: String {
        let simd = flags.contains("avx512f") ? "AVX-512\(flags.contains("avx512_vnni") ? " with VNNI" : "")" : flags.contains("avx2") ? "AVX2" : "SSE"
        return "\(field("model name") ?? "unknown CPU"), \(ProcessInfo.processInfo.activeProcessorCount) cores, \(simd), \(Int(megahertz)) MHz reported, FMA peak assumed \(Int(flopsPerCycle)) FLOP/cycle/core"
    }
}
