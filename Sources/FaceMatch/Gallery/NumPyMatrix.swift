import Foundation

/// A NumPy `.npy` file of a float32 matrix, as `numpy.save` writes one (`<f4`, C order, shape
/// `(n, d)`, format version 1, 2 or 3): read a block of rows at a time, so that enrolling from it
/// never holds the file in memory. This is how embeddings arrive from Python face models.
public struct NumPyMatrix {
    /// The number of rows (templates).
    public let rows: Int
    /// The number of columns (the embedding dimension).
    public let columns: Int
    private let handle: FileHandle
    private let dataOffset: UInt64

    /// Opens the file and checks its header and length; throws ``FaceMatchError`` with
    /// `invalidParameter` for anything but a little-endian float32 matrix in C order.
    public init(url: URL) throws {
        do {
            handle = try FileHandle(forReadingFrom: url)
        } catch {
            throw FaceMatchError(.invalidParameter, "\(url.path) cannot be read.")
        }
        let prefix = try handle.read(upToCount: 12) ?? Data()
        guard prefix.count >= 10, Array(prefix.prefix(6)) == [0x93] + Array("NUMPY".utf8), (1...3).contains(prefix[6]) else {
            throw FaceMatchError(.invalidParameter, "\(url.lastPathComponent) is not a NumPy .npy file.")
        }
        let major = prefix[6]
        let headerLength = major == 1 ? Int(prefix[8]) | Int(prefix[9]) << 8
            : Int(prefix[8]) | Int(prefix[9]) << 8 | Int(prefix[10]) << 16 | Int(prefix[11]) << 24
        let headerStart: UInt64 = major == 1 ? 10 : 12
        guard (1...65_536).contains(headerLength) else { throw FaceMatchError(.invalidParameter, "The .npy header length \(headerLength) is not plausible.") }
        try handle.seek(toOffset: headerStart)
        let header = String(decoding: try handle.read(upToCount: headerLength) ?? Data(), as: UTF8.self)
        let compact = header.filter { !$0.isWhitespace }
        guard compact.contains("'descr':'<f4'"), compact.contains("'fortran_order':False") else {
            throw FaceMatchError(.invalidParameter, "The .npy file must hold little-endian float32 ('<f4') in C order; its header is \(header.trimmingCharacters(in: .whitespacesAndNewlines)).")
        }
        guard let shapeStart = compact.range(of: "'shape':("), let shapeEnd = compact[shapeStart.upperBound...].firstIndex(of: ")") else {
            throw FaceMatchError(.invalidParameter, "The .npy header names no shape.")
        }
        let dimensions = compact[shapeStart.upperBound..<shapeEnd].split(separator: ",").compactMap { Int($0) }
        guard dimensions.count == 2, dimensions[0] >= 0, dimensions[1] > 0 else {
            throw FaceMatchError(.invalidParameter, "The .npy file must hold a matrix of shape (n, d), not (\(compact[shapeStart.upperBound..<shapeEnd])).")
        }
        (rows, columns) = (dimensions[0], dimensions[1])
        dataOffset = headerStart + UInt64(headerLength)
        let size = try handle.seekToEnd()
        guard size == dataOffset + UInt64(rows) * UInt64(columns) * 4 else {
            throw FaceMatchError(.invalidParameter, "The .npy file's data is \(size - dataOffset) bytes, not \(rows) × \(columns) float32 values.")
        }
    }

    /// Calls `body` with consecutive blocks of at most `blockRows` rows, from the first.
    public func forEachBlock(rows blockRows: Int = 4096, _ body: (_ firstRow: Int, UnsafeBufferPointer<Float>) throws -> Void) throws {
        try forEachBlock(rows: blockRows, upTo: rows, body)
    }

    /// The first `count` rows (all of them if there are fewer), row after row.
    public func leadingRows(_ count: Int) throws -> [Float] {
        var values: [Float] = []
        values.reserveCapacity(min(count, rows) * columns)
        try forEachBlock(rows: 4096, upTo: min(count, rows)) { _, block in values += block }
        return values
    }

    private func forEachBlock(rows blockRows: Int, upTo end: Int, _ body: (_ firstRow: Int, UnsafeBufferPointer<Float>) throws -> Void) throws {
        try handle.seek(toOffset: dataOffset)
        var row = 0
        while row < end {
            let count = min(blockRows, end - row)
            guard let data = try handle.read(upToCount: count * columns * 4), data.count == count * columns * 4 else {
                throw FaceMatchError(.invalidParameter, "The .npy file ended early.")
            }
            // The file is little-endian, as every platform Swift runs FaceMatch on; copied into a
            // Float array rather than rebinding the bytes, which Data does not promise to align.
            var values = [Float](repeating: 0, count: count * columns)
            values.withUnsafeMutableBytes { destination in data.withUnsafeBytes { destination.copyMemory(from: $0) } }
            try values.withUnsafeBufferPointer { try body(row, $0) }
            row += count
        }
    }
}
