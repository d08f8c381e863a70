import Foundation

/// A gallery file read a chunk at a time, its checksum taken as it goes: loading never holds
/// the file and the gallery in memory together. The last four bytes are the stored checksum,
/// left out of the running one and compared by ``finish()``.
struct GalleryFileReader {
    private static let chunkSize = 1 << 20
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private var position = 0
    private var crc = CRC32.Running()
    /// Payload bytes not yet consumed (the stored checksum excluded).
    private(set) var remaining: Int

    init(url: URL) throws {
        do {
            handle = try FileHandle(forReadingFrom: url)
            let size = try handle.seekToEnd()
            try handle.seek(toOffset: 0)
            guard size >= 8 else { throw FaceMatchError(.malformedGalleryFile, "The gallery file is too short.") }
            remaining = Int(size) - 4
        } catch let error as FaceMatchError {
            throw error
        } catch {
            throw FaceMatchError(.malformedGalleryFile, "The gallery file cannot be read: \(error.localizedDescription)")
        }
    }

    /// Copies the next `count` payload bytes to `destination`.
    mutating func read(into destination: UnsafeMutableRawPointer, count: Int) throws {
        guard count >= 0, count <= remaining else {
            throw FaceMatchError(.malformedGalleryFile, "The gallery file is truncated: \(count) more bytes expected, \(remaining) left.")
        }
        var copied = 0
        while copied < count {
            if position == buffer.count { try refill(limit: remaining) }
            let step = min(count - copied, buffer.count - position)
            buffer.withUnsafeBytes { source in
                let piece = UnsafeRawBufferPointer(rebasing: source[position..<(position + step)])
                crc.update(piece)
                (destination + copied).copyMemory(from: piece.baseAddress!, byteCount: step)
            }
            position += step
            copied += step
        }
        remaining -= count
    }

    mutating func take(_ count: Int) throws -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        try bytes.withUnsafeMutableBytes { try read(into: $0.baseAddress!, count: count) }
        return bytes
    }

    mutating func read<Value: FixedWidthInteger>(_ type: Value.Type) throws -> Value {
        var value = Value.zero
        try withUnsafeMutableBytes(of: &value) { try read(into: $0.baseAddress!, count: MemoryLayout<Value>.size) }
        return Value(littleEndian: value)
    }

    mutating func readFloat() throws -> Float { Float(bitPattern: try read(UInt32.self)) }

    /// Checks that the payload is consumed and that the stored checksum is the running one.
    mutating func finish() throws {
        guard remaining == 0 else { throw FaceMatchError(.malformedGalleryFile, "The gallery file has \(remaining) bytes after its vectors.") }
        if position == buffer.count { try refill(limit: 4) }
        let rest = Array(buffer[position...]) + ((try? handle.readToEnd()) ?? Data())
        guard rest.count == 4 else { throw FaceMatchError(.malformedGalleryFile, "The gallery file does not end with its checksum.") }
        let stored = rest.enumerated().reduce(UInt32(0)) { $0 | UInt32($1.element) << (8 * UInt32($1.offset)) }
        guard stored == crc.value else {
            throw FaceMatchError(.malformedGalleryFile, "The gallery file's checksum does not match: it is corrupt or truncated.")
        }
    }

    /// Reads the next chunk, at most `limit` bytes beyond the payload's end plus the checksum.
    private mutating func refill(limit: Int) throws {
        let data: Data?
        do {
            data = try handle.read(upToCount: min(Self.chunkSize, max(limit, 4)))
        } catch {
            throw FaceMatchError(.malformedGalleryFile, "The gallery file cannot be read: \(error.localizedDescription)")
        }
        guard let data, !data.isEmpty else { throw FaceMatchError(.malformedGalleryFile, "The gallery file ended early.") }
        buffer = [UInt8](data)
        position = 0
    }
}

/// A gallery file written a chunk at a time to a temporary file beside the destination, its
/// checksum taken as it goes, synced and renamed into place: saving never copies the gallery,
/// and a reader never sees half a file.
struct GalleryFileWriter {
    private static let chunkSize = 1 << 20
    private let handle: FileHandle
    private let temporary: URL
    private let destination: URL
    private var buffer: [UInt8] = []
    private var crc = CRC32.Running()

    init(url: URL) throws {
        destination = url
        temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).partial")
        guard FileManager.default.createFile(atPath: temporary.path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
            throw FaceMatchError(.invalidParameter, "Cannot create a file in \(url.deletingLastPathComponent().path).")
        }
        handle = try FileHandle(forWritingTo: temporary)
        buffer.reserveCapacity(Self.chunkSize)
    }

    mutating func write(_ bytes: UnsafeRawBufferPointer) throws {
        crc.update(bytes)
        buffer.append(contentsOf: bytes)
        if buffer.count >= Self.chunkSize { try flush() }
    }

    mutating func write(_ bytes: [UInt8]) throws { try bytes.withUnsafeBytes { try write($0) } }

    mutating func write<Value: FixedWidthInteger>(_ value: Value) throws {
        try withUnsafeBytes(of: value.littleEndian) { try write($0) }
    }

    mutating func write(_ value: Float) throws { try write(value.bitPattern) }

    /// Appends the checksum, syncs, and renames the file into place.
    mutating func commit() throws {
        let checksum = crc.value
        withUnsafeBytes(of: checksum.littleEndian) { buffer.append(contentsOf: $0) }
        try flush()
        try handle.synchronize()
        try handle.close()
        guard rename(temporary.path, destination.path) == 0 else {
            throw FaceMatchError(.invalidParameter, "Cannot move the gallery file into place at \(destination.path).")
        }
    }

    /// Removes the temporary file of a write that did not commit.
    func abandon() {
        try? handle.close()
        try? FileManager.default.removeItem(at: temporary)
    }

    private mutating func flush() throws {
        try handle.write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
    }
}
