import Foundation

/// Comparisons whose running time does not reveal where two secrets differ.
public enum ConstantTime {
    /// Whether `lhs` and `rhs` hold the same bytes. The time taken depends on the length only;
    /// buffers of different lengths compare unequal at once, as lengths are not secret.
    public static func equals(_ lhs: some DataProtocol, _ rhs: some DataProtocol) -> Bool {
        lhs.withContiguousBytes { lhs in
            rhs.withContiguousBytes { rhs in OpenSSLMemory.constantTimeEquals(lhs, rhs) }
        }
    }
}
