import COpenSSL

/// Memory helpers from OpenSSL whose guarantees Swift cannot give by itself.
enum OpenSSLMemory {
    /// Compares equal-length buffers in time that depends only on their length.
    static func constantTimeEquals(_ lhs: UnsafeRawBufferPointer, _ rhs: UnsafeRawBufferPointer) -> Bool {
        guard lhs.count == rhs.count else { return false }
        return CRYPTO_memcmp(lhs.nonNullBase, rhs.nonNullBase, lhs.count) == 0
    }
}
