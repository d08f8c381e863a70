import Foundation

extension ArraySlice<UInt8> {
    /// The index of the first `byte` at or after `start`, found by `memchr`, which tests many
    /// bytes per step: credentials are kilobytes of base64url with a handful of separators
    /// (`~` between SD-JWT parts, `.` between JWS parts), and a byte-by-byte search of them
    /// was a measurable part of verifying a presentation.
    func firstIndex(ofByte byte: UInt8, from start: Int) -> Int? {
        guard start < endIndex else { return nil }
        return withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress,
                  let found = memchr(base + (start - startIndex), Int32(byte), endIndex - start)
            else { return nil }
            return startIndex + base.distance(to: found.assumingMemoryBound(to: UInt8.self))
        }
    }
}
