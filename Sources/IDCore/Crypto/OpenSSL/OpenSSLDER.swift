import COpenSSL
import Foundation

/// OpenSSL's `d2i_` and `i2d_` conventions, once for keys, certificates and CRLs.
enum OpenSSLDER {
    /// Runs a `d2i_` decoder over `der`; nil unless it read an object of exactly every byte
    /// (an object followed by more bytes is freed with `free`).
    static func decode(_ der: some ContiguousBytes, _ decoder: (inout UnsafePointer<UInt8>?, Int) -> OpaquePointer?,
                       free: (OpaquePointer) -> Void) -> OpaquePointer? {
        der.withUnsafeBytes { bytes in
            guard let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return nil }
            var cursor: UnsafePointer<UInt8>? = base
            guard let object = decoder(&cursor, bytes.count) else { return nil }
            guard cursor == base + bytes.count else {
                free(object)
                return nil
            }
            return object
        }
    }

    /// Runs an `i2d_` encoder twice: once for the length, once into the buffer.
    static func encode(_ what: String, _ encoder: (UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>?) -> Int32) throws -> [UInt8] {
        let length = encoder(nil)
        guard length > 0 else { throw OpenSSLErrorQueue.error(.cryptographicFailure, "Could not encode the \(what).") }
        var bytes = [UInt8](repeating: 0, count: Int(length))
        let written = bytes.withUnsafeMutableBufferPointer { buffer in
            var cursor = buffer.baseAddress
            return encoder(&cursor)
        }
        guard written == length else { throw OpenSSLErrorQueue.error(.cryptographicFailure, "Could not encode the \(what).") }
        return bytes
    }
}
