import Foundation

extension DataProtocol {
    /// Calls `body` with the bytes in one contiguous buffer, copying only when the data is
    /// split over several regions. Inlinable for the inlinable byte-taking entry points.
    @inlinable
    func withContiguousBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        if regions.count == 1, let region = regions.first {
            return try region.withUnsafeBytes(body)
        }
        return try Array(self).withUnsafeBytes(body)
    }
}
