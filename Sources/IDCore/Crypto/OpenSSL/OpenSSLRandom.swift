import COpenSSL
import Foundation

/// OpenSSL's CSPRNG (`RAND_bytes`): the only place IDCore asks OpenSSL for randomness.
enum OpenSSLRandom {
    static func bytes(count: Int) throws -> Data {
        var bytes = Data(count: count)
        guard count > 0 else { return bytes }
        let result = bytes.withUnsafeMutableBytes { buffer in
            RAND_bytes(buffer.baseAddress?.assumingMemoryBound(to: UInt8.self), Int32(count))
        }
        try OpenSSLErrorQueue.check(result, .randomGenerationFailed, "OpenSSL's random generator could not deliver \(count) bytes.")
        return bytes
    }
}
