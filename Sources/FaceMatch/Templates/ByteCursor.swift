/// Little-endian reading and writing for FaceMatch's binary formats. Every read is bounds
/// checked and fails with a reason instead of trapping.
struct ByteWriter {
    private(set) var bytes: [UInt8] = []

    mutating func append<Value: FixedWidthInteger>(_ value: Value) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func append(_ value: Float) { append(value.bitPattern) }

    mutating func append(contentsOf data: some Sequence<UInt8>) { bytes.append(contentsOf: data) }
}

struct ByteReader {
    private let bytes: [UInt8]
    private(set) var offset = 0
    private let what: String
    private let failure: FaceMatchError.Code

    init(_ bytes: [UInt8], what: String, failure: FaceMatchError.Code = .malformedTemplate) {
        self.bytes = bytes
        self.what = what
        self.failure = failure
    }

    var remaining: Int { bytes.count - offset }

    mutating func read<Value: FixedWidthInteger>(_ type: Value.Type) throws -> Value {
        let size = MemoryLayout<Value>.size
        let slice = try take(size)
        var value = Value.zero
        withUnsafeMutableBytes(of: &value) { $0.copyBytes(from: slice) }
        return Value(littleEndian: value)
    }

    mutating func readFloat() throws -> Float { Float(bitPattern: try read(UInt32.self)) }

    mutating func take(_ count: Int) throws -> ArraySlice<UInt8> {
        guard count >= 0, remaining >= count else {
            throw FaceMatchError(failure, "The \(what) is truncated: \(count) more bytes expected at offset \(offset), \(remaining) left.")
        }
        defer { offset += count }
        return bytes[offset..<offset + count]
    }
}
