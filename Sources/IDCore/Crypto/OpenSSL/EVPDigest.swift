import COpenSSL
import Foundation

/// Digests and HMACs through OpenSSL's EVP interface: the only place IDCore touches `EVP_MD`.
enum EVPDigest {
    /// The digest of `data`.
    static func hash(_ function: HashFunction, _ data: UnsafeRawBufferPointer) throws -> Data {
        var output = Data(count: function.digestLength)
        try output.withUnsafeMutableBytes { _ = try hash(function, data, into: $0) }
        return output
    }

    /// Writes the digest of `data` into `output`, which holds at least `digestLength` bytes;
    /// returns the length written. The signing path uses this to keep digests on the stack.
    static func hash(_ function: HashFunction, _ data: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) throws -> Int {
        precondition(output.count >= function.digestLength, "digest buffer too small")
        let algorithm = try HashFunction.fetched.handle(function)
        var length: UInt32 = 0
        let result = EVP_Digest(data.nonNullBase, data.count, output.baseAddress?.assumingMemoryBound(to: UInt8.self), &length, algorithm, nil)
        try OpenSSLErrorQueue.check(result, .cryptographicFailure, "\(function) hashing failed.")
        return Int(length)
    }

    /// Runs `body` with the digest of `message` in a stack buffer: the signing path and the
    /// SD-JWT digests use it to spare an allocation per digest.
    static func withDigest<Result>(
        _ function: HashFunction, of message: UnsafeRawBufferPointer, _ body: (UnsafeBufferPointer<UInt8>) throws -> Result
    ) throws -> Result {
        try withUnsafeTemporaryAllocation(of: UInt8.self, capacity: function.digestLength) { buffer in
            let length = try hash(function, message, into: UnsafeMutableRawBufferPointer(buffer))
            return try body(UnsafeBufferPointer(rebasing: buffer.prefix(length)))
        }
    }

    /// HMAC (RFC 2104) of `data` under `key`.
    static func hmac(_ function: HashFunction, key: UnsafeRawBufferPointer, data: UnsafeRawBufferPointer) throws -> Data {
        let algorithm = try HashFunction.fetched.handle(function)
        var output = Data(count: function.digestLength)
        var length: UInt32 = 0
        let produced = output.withUnsafeMutableBytes { out in
            COpenSSL.HMAC(algorithm, key.nonNullBase, Int32(key.count), data.nonNullBase, data.count,
                 out.baseAddress?.assumingMemoryBound(to: UInt8.self), &length)
        }
        guard produced != nil, Int(length) == function.digestLength else {
            throw OpenSSLErrorQueue.error(.cryptographicFailure, "HMAC-\(function) failed.")
        }
        return output
    }
}

private extension HashFunction {
    static let fetched = FetchedAlgorithms<HashFunction>(openSSLName: \.openSSLName) { EVP_MD_fetch(nil, $0, nil) }

    var openSSLName: String {
        switch self {
        case .sha256: "SHA256"
        case .sha384: "SHA384"
        case .sha512: "SHA512"
        case .sm3: "SM3"
        }
    }
}
