import CZlib
import Foundation

/// ZLIB-format DEFLATE (RFC 1950) through the system's zlib: the only place IDCore touches it.
enum Zlib {
    /// Compresses at the best ratio; status lists are published rarely and fetched often.
    static func compress(_ input: [UInt8]) throws -> [UInt8] {
        var stream = z_stream()
        guard virtualidkit_deflate_init(&stream, Z_BEST_COMPRESSION) == Z_OK else {
            throw IDCoreError(.cryptographicFailure, "zlib could not start compressing.")
        }
        defer { deflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(input.count))))
        var input = input
        let status = input.withUnsafeMutableBufferPointer { source in
            output.withUnsafeMutableBufferPointer { destination in
                stream.next_in = source.baseAddress
                stream.avail_in = uInt(source.count)
                stream.next_out = destination.baseAddress
                stream.avail_out = uInt(destination.count)
                return deflate(&stream, Z_FINISH)
            }
        }
        guard status == Z_STREAM_END else { throw IDCoreError(.cryptographicFailure, "zlib compression failed (\(status)).") }
        return Array(output.prefix(Int(stream.total_out)))
    }

    /// Decompresses, refusing output beyond `limit` bytes (a decompression bomb) and input with
    /// trailing or missing data.
    static func decompress(_ input: [UInt8], limit: Int) throws -> [UInt8] {
        var stream = z_stream()
        guard virtualidkit_inflate_init(&stream) == Z_OK else {
            throw IDCoreError(.statusListUnavailable, "zlib could not start decompressing.")
        }
        defer { inflateEnd(&stream) }
        var input = input
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        var status = Z_OK
        try input.withUnsafeMutableBufferPointer { source in
            stream.next_in = source.baseAddress
            stream.avail_in = uInt(source.count)
            while status == Z_OK {
                let produced = chunk.withUnsafeMutableBufferPointer { destination in
                    stream.next_out = destination.baseAddress
                    stream.avail_out = uInt(destination.count)
                    status = inflate(&stream, Z_NO_FLUSH)
                    return destination.count - Int(stream.avail_out)
                }
                output += chunk.prefix(produced)
                guard output.count <= limit else {
                    throw IDCoreError(.statusListUnavailable, "The status list expands beyond \(limit) bytes; refused as a decompression bomb.")
                }
                if status == Z_BUF_ERROR, stream.avail_in == 0 { break }
            }
        }
        guard status == Z_STREAM_END, stream.avail_in == 0 else {
            throw IDCoreError(.statusListUnavailable, "The status list is not valid zlib data (\(status == Z_STREAM_END ? "trailing bytes" : "truncated or corrupt")).")
        }
        return output
    }
}
