import Foundation

/// The gallery file format, version 1, little-endian:
///
/// | bytes | field |
/// |---|---|
/// | 4 | magic `VFGL` |
/// | 1 | version, `1` |
/// | 1 | storage: `1` float32, `3` int8 |
/// | 2 | dimension |
/// | 1 + *L* | model id length and bytes |
/// | 4 | subject count *n* |
/// | *n* × (2 + …) | subject ids: length and UTF-8 bytes |
/// | *n* × 4 | per-template scales, float32 (1 for float32 storage) |
/// | *n* × dimension × 4 or 1 | the vectors, one after the other |
/// | 4 | CRC-32 of every byte before it |
///
/// The vectors form one block, copied into the gallery's aligned storage in one pass, so a file
/// of a million templates loads at memory speed after the checksum.
extension FaceGallery {
    private static let fileMagic: [UInt8] = Array("VFGL".utf8)
    private static let fileVersion: UInt8 = 1

    /// Writes the gallery to `url` atomically (a temporary file renamed into place).
    public func write(to url: URL) throws {
        let bytes: [UInt8] = snapshot { rows, ids, scales in
            var writer = ByteWriter()
            writer.append(contentsOf: Self.fileMagic)
            writer.append(Self.fileVersion)
            writer.append(storage.rawValue)
            writer.append(UInt16(dimension))
            writer.append(UInt8(modelID.utf8.count))
            writer.append(contentsOf: modelID.utf8)
            writer.append(UInt32(ids.count))
            for id in ids {
                writer.append(UInt16(id.utf8.count))
                writer.append(contentsOf: id.utf8)
            }
            scales.forEach { writer.append($0) }
            let rowBytes = dimension * storage.bytesPerValue
            for row in 0..<rows.count {
                writer.append(contentsOf: UnsafeRawBufferPointer(start: rows.row(row), count: rowBytes))
            }
            writer.append(CRC32.checksum(writer.bytes))
            return writer.bytes
        }
        try Data(bytes).write(to: url, options: .atomic)
    }

    /// Reads a gallery written by ``write(to:)``; a corrupt or truncated file is a typed error.
    public static func load(from url: URL) throws -> FaceGallery {
        try read([UInt8](Data(contentsOf: url)))
    }

    private static func read(_ bytes: [UInt8]) throws -> FaceGallery {
        guard bytes.count >= 8 else { throw FaceMatchError(.malformedGalleryFile, "The gallery file is too short.") }
        let stored = bytes.suffix(4).enumerated().reduce(UInt32(0)) { $0 | UInt32($1.element) << (8 * UInt32($1.offset)) }
        guard CRC32.checksum(bytes.dropLast(4)) == stored else {
            throw FaceMatchError(.malformedGalleryFile, "The gallery file's checksum does not match: it is corrupt or truncated.")
        }
        var reader = ByteReader(Array(bytes.dropLast(4)), what: "gallery file", failure: .malformedGalleryFile)
        guard Array(try reader.take(4)) == fileMagic else { throw FaceMatchError(.malformedGalleryFile, "The file is not a face gallery (magic 'VFGL').") }
        let version = try reader.read(UInt8.self)
        guard version == fileVersion else {
            throw FaceMatchError(.malformedGalleryFile, "Gallery file version \(version) is not supported; this SDK reads version \(fileVersion).")
        }
        guard let storage = Storage(rawValue: try reader.read(UInt8.self)) else {
            throw FaceMatchError(.malformedGalleryFile, "The gallery file names an unknown storage type.")
        }
        let dimension = Int(try reader.read(UInt16.self))
        let modelID = String(decoding: try reader.take(Int(try reader.read(UInt8.self))), as: UTF8.self)
        let gallery: FaceGallery
        do {
            gallery = try FaceGallery(modelID: modelID, dimension: dimension, storage: storage)
        } catch let error as FaceMatchError {
            throw FaceMatchError(.malformedGalleryFile, "The gallery file's header is invalid: \(error.reason)")
        }
        let count = Int(try reader.read(UInt32.self))
        let rowBytes = dimension * storage.bytesPerValue
        // Each subject needs at least 2 + 4 + rowBytes bytes: refuse absurd counts before allocating.
        guard count <= reader.remaining / (2 + 4 + rowBytes) else {
            throw FaceMatchError(.malformedGalleryFile, "The gallery file claims \(count) subjects but is too short for them.")
        }
        let ids = try (0..<count).map { _ in
            let length = Int(try reader.read(UInt16.self))
            guard let id = String(validating: try reader.take(length), as: UTF8.self), !id.isEmpty else {
                throw FaceMatchError(.malformedGalleryFile, "A subject id in the gallery file is empty or not UTF-8.")
            }
            return id
        }
        let scales = try (0..<count).map { _ in try reader.readFloat() }
        guard scales.allSatisfy({ $0.isFinite && $0 > 0 }) else {
            throw FaceMatchError(.malformedGalleryFile, "The gallery file holds a scale that is not a positive number.")
        }
        let block = try reader.take(count * rowBytes)
        guard reader.remaining == 0 else { throw FaceMatchError(.malformedGalleryFile, "The gallery file has \(reader.remaining) bytes after its vectors.") }
        try block.withUnsafeBytes { try Self.checkRows($0, count: count, dimension: dimension, storage: storage, scales: scales) }
        var rows = GalleryRows(dimension: dimension, bytesPerValue: storage.bytesPerValue, capacity: max(count, 1))
        block.withUnsafeBytes { source in
            for row in 0..<count {
                rows.appendRaw(UnsafeRawBufferPointer(rebasing: source[(row * rowBytes)..<((row + 1) * rowBytes)]))
            }
        }
        try gallery.adopt(rows: rows, subjectIDs: ids, scales: scales)
        return gallery
    }

    /// Every row a unit vector of finite values (an int8 row once scaled, within its rounding):
    /// a checksum only says the file is what was written, not that a writer was honest, and a
    /// row of huge values would otherwise score far above any threshold.
    private static func checkRows(_ block: UnsafeRawBufferPointer, count: Int, dimension: Int, storage: Storage, scales: [Float]) throws {
        let tolerance: Float = storage == .float32 ? 0.01 : 0.05
        for row in 0..<count {
            var squares: Float = 0
            switch storage {
            case .float32:
                for index in 0..<dimension {
                    let value = block.loadUnaligned(fromByteOffset: (row * dimension + index) * 4, as: Float.self)
                    guard value.isFinite else { throw FaceMatchError(.malformedGalleryFile, "Template \(row) of the gallery file holds a value that is not finite.") }
                    squares += value * value
                }
            case .int8:
                for index in 0..<dimension {
                    let value = Float(block.load(fromByteOffset: row * dimension + index, as: Int8.self)) * scales[row]
                    squares += value * value
                }
            }
            guard abs(squares.squareRoot() - 1) <= tolerance else {
                throw FaceMatchError(.malformedGalleryFile, "Template \(row) of the gallery file is not a unit vector (length \(squares.squareRoot())).")
            }
        }
    }
}
