import Foundation

/// Writes a float32 matrix as `numpy.save` does (format 1.0, `<f4`, C order), a block of rows
/// at a time, so a city-sized gallery never sits in memory whole.
struct NumPyFileWriter {
    private let handle: FileHandle

    init(url: URL, rows: Int, columns: Int) throws {
        guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path])
        }
        handle = try FileHandle(forWritingTo: url)
        var header = "{'descr': '<f4', 'fortran_order': False, 'shape': (\(rows), \(columns)), }"
        // Magic, version and length take 10 bytes; the header pads the data start to 64 bytes.
        header += String(repeating: " ", count: 63 - (10 + header.utf8.count) % 64) + "\n"
        var prefix = Data([0x93] + Array("NUMPY".utf8) + [1, 0])
        prefix.append(contentsOf: [UInt8(header.utf8.count & 0xff), UInt8(header.utf8.count >> 8)])
        try handle.write(contentsOf: prefix + Data(header.utf8))
    }

    func append(_ rows: [[Float]]) throws {
        var data = Data(capacity: rows.count * (rows.first?.count ?? 0) * 4)
        for row in rows { row.withUnsafeBytes { data.append(contentsOf: $0) } }
        try handle.write(contentsOf: data)
    }

    func close() throws { try handle.close() }
}
