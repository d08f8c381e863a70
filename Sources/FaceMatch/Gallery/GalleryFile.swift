import Foundation

/// The gallery file format, version 2, little-endian:
///
/// | bytes | field |
/// |---|---|
/// | 4 | magic `VFGL` |
/// | 1 | version, `2` |
/// | 1 | storage: `1` float32, `3` int8, `4` int8 refined |
/// | 1 | subject ids: `1` strings, `2` 64-bit integers |
/// | 2 | dimension |
/// | 1 + *L* | model id length and bytes |
/// | 4 | subject count *n* |
/// | *n* × (2 + …) or *n* × 8 | subject ids: length and UTF-8 bytes, or integers |
/// | *n* × 4 | per-template scales, float32 (1 for float32 storage) |
/// | *n* × dimension × 4 or 1 | the vectors, one after the other |
/// | *n* × 4 and *n* × dimension | `int8Refined` only: the residual scales, then the residual rows |
/// | 4 | CRC-32 of every byte before it |
///
/// Version 1, which earlier releases wrote, is version 2 without the id byte (string ids); it
/// still loads.
///
/// Files are written and read a chunk at a time (`GalleryFileWriter`, `GalleryFileReader`): the
/// vectors go straight between the file and the gallery's aligned storage, reserved for the
/// count in the header, so loading or saving holds little more than the gallery itself.
extension FaceGallery {
    private static var fileMagic: [UInt8] { Array("VFGL".utf8) }
    private static var fileVersion: UInt8 { 2 }

    /// Writes the gallery to `url` atomically (a temporary file beside it, synced, renamed into
    /// place), streaming the rows rather than copying them.
    public func write(to url: URL) throws {
        var writer = try GalleryFileWriter(url: url)
        do {
            try snapshot { rows, ids, scales, residuals in
                try writer.write(Self.fileMagic)
                try writer.write(Self.fileVersion)
                try writer.write(storage.rawValue)
                try writer.write(SubjectID.galleryCoding.kind)
                try writer.write(UInt16(dimension))
                try writer.write(UInt8(modelID.utf8.count))
                try writer.write(Array(modelID.utf8))
                try writer.write(UInt32(ids.count))
                let coding = SubjectID.galleryCoding
                for id in ids { try coding.write(id, &writer) }
                for scale in scales { try writer.write(scale) }
                let rowBytes = dimension * storage.bytesPerValue
                for row in 0..<rows.count { try writer.write(UnsafeRawBufferPointer(start: rows.row(row), count: rowBytes)) }
                if let residuals {
                    for scale in residuals.scales { try writer.write(scale) }
                    for row in 0..<residuals.rows.count { try writer.write(UnsafeRawBufferPointer(start: residuals.rows.row(row), count: dimension)) }
                }
            }
            try writer.commit()
        } catch {
            writer.abandon()
            throw error
        }
    }

    /// Reads a gallery written by ``write(to:)``; a corrupt, truncated or forged file is a typed
    /// error (`malformed-gallery-file`), and nothing of it is kept.
    public static func load(from url: URL) throws -> FaceGallery {
        var reader = try GalleryFileReader(url: url)
        guard try reader.take(4) == fileMagic else { throw FaceMatchError(.malformedGalleryFile, "The file is not a face gallery (magic 'VFGL').") }
        let version = try reader.read(UInt8.self)
        guard (1...fileVersion).contains(version) else {
            throw FaceMatchError(.malformedGalleryFile, "Gallery file version \(version) is not supported; this SDK reads versions 1 to \(fileVersion).")
        }
        guard let storage = GalleryStorage(rawValue: try reader.read(UInt8.self)) else {
            throw FaceMatchError(.malformedGalleryFile, "The gallery file names an unknown storage type.")
        }
        let coding = SubjectID.galleryCoding
        let idKind = version == 1 ? String.galleryCoding.kind : try reader.read(UInt8.self)
        guard idKind == coding.kind else {
            let held = [String.galleryCoding.kind: String.galleryCoding.name, Int64.galleryCoding.kind: Int64.galleryCoding.name][idKind] ?? "unknown"
            throw FaceMatchError(.malformedGalleryFile, "The gallery file holds \(held) subject ids, not the \(coding.name) ids of this gallery type.")
        }
        let dimension = Int(try reader.read(UInt16.self))
        let modelID = String(decoding: try reader.take(Int(try reader.read(UInt8.self))), as: UTF8.self)
        let gallery: FaceGallery
        do {
            gallery = try FaceGallery(modelID: modelID, dimension: dimension, storage: storage, subjectIDs: SubjectID.self)
        } catch let error as FaceMatchError {
            throw FaceMatchError(.malformedGalleryFile, "The gallery file's header is invalid: \(error.reason)")
        }
        let count = Int(try reader.read(UInt32.self))
        let rowBytes = dimension * storage.bytesPerValue
        // Each subject needs at least its id, 4 + rowBytes bytes and a residual: refuse absurd counts before allocating.
        guard count <= reader.remaining / (coding.minimumFileBytes + 4 + rowBytes + (storage.hasResidual ? 4 + dimension : 0)) else {
            throw FaceMatchError(.malformedGalleryFile, "The gallery file claims \(count) subjects but is too short for them.")
        }
        let ids = try (0..<count).map { _ in try coding.read(&reader) }
        let scales = try (0..<count).map { _ in try reader.readFloat() }
        guard scales.allSatisfy({ $0.isFinite && $0 > 0 }) else {
            throw FaceMatchError(.malformedGalleryFile, "The gallery file holds a scale that is not a positive number.")
        }
        var rows = GalleryRows(dimension: dimension, bytesPerValue: storage.bytesPerValue, capacity: max(count, 1))
        var residuals: (rows: GalleryRows, scales: [Float])?
        do {
            for _ in 0..<count { try rows.appendRow { try reader.read(into: $0, count: rowBytes) } }
            if storage.hasResidual {
                let residualScales = try (0..<count).map { _ in try reader.readFloat() }
                guard residualScales.allSatisfy({ $0.isFinite && $0 > 0 }) else {
                    throw FaceMatchError(.malformedGalleryFile, "The gallery file holds a residual scale that is not a positive number.")
                }
                residuals = (GalleryRows(dimension: dimension, bytesPerValue: 1, capacity: max(count, 1)), residualScales)
                for _ in 0..<count { try residuals?.rows.appendRow { try reader.read(into: $0, count: dimension) } }
            }
            try reader.finish()
            try checkRows(rows, storage: storage, scales: scales, residuals: residuals)
        } catch {
            rows.deallocate()
            residuals?.rows.deallocate()
            throw error
        }
        try gallery.adopt(rows: rows, subjectIDs: ids, scales: scales, residuals: residuals)
        return gallery
    }

    /// Every row a unit vector of finite values (an int8 row once scaled, within its rounding):
    /// a checksum only says the file is what was written, not that a writer was honest, and a
    /// row of huge values would otherwise score far above any threshold.
    private static func checkRows(_ rows: GalleryRows, storage: GalleryStorage, scales: [Float], residuals: (rows: GalleryRows, scales: [Float])?) throws {
        let tolerance: Float = storage == .int8 ? 0.05 : 0.01
        for row in 0..<rows.count {
            var squares: Float = 0
            let values = UnsafeRawPointer(rows.row(row))
            switch storage {
            case .float32:
                for index in 0..<rows.dimension {
                    let value = values.loadUnaligned(fromByteOffset: index * 4, as: Float.self)
                    guard value.isFinite else { throw FaceMatchError(.malformedGalleryFile, "Template \(row) of the gallery file holds a value that is not finite.") }
                    squares += value * value
                }
            case .int8, .int8Refined:
                let rest = residuals.map { UnsafeRawPointer($0.rows.row(row)) }
                for index in 0..<rows.dimension {
                    var value = Float(values.load(fromByteOffset: index, as: Int8.self)) * scales[row]
                    if let rest, let residuals { value += Float(rest.load(fromByteOffset: index, as: Int8.self)) * residuals.scales[row] }
                    squares += value * value
                }
            }
            guard abs(squares.squareRoot() - 1) <= tolerance else {
                throw FaceMatchError(.malformedGalleryFile, "Template \(row) of the gallery file is not a unit vector (length \(squares.squareRoot())).")
            }
        }
    }
}
