/// A face template: an embedding as a credential or a gallery stores it, in a versioned binary
/// format that `FaceMatch` defines and the virtual ID credential carries as opaque bytes.
///
/// Format version 1, little-endian:
///
/// | bytes | field |
/// |---|---|
/// | 4 | magic `VFTP` |
/// | 1 | version, `1` |
/// | 1 | encoding: `1` float32, `2` float16, `3` int8 with scale |
/// | 2 | dimension, 64...2048 |
/// | 1 | model id length *L*, 1...64 |
/// | *L* | model id, printable ASCII |
/// | 4 | quality, float32 in 0...1 |
/// | 4 | scale, float32: the int8 step (1 for the other encodings) |
/// | *n* | the vector: dimension × 4, 2 or 1 bytes |
/// | 4 | CRC-32 of every byte before it |
///
/// Templates of different models never compare: their similarity means nothing.
public struct FaceTemplate: Sendable, Hashable {
    /// How the vector is stored.
    public enum Encoding: UInt8, Sendable, Hashable, CaseIterable, Codable {
        /// 4 bytes a value, exact.
        case float32 = 1
        /// 2 bytes a value; similarity changes by about 1e-3.
        case float16 = 2
        /// 1 byte a value with one symmetric scale per vector; similarity changes by about 1e-2.
        case int8 = 3

        var bytesPerValue: Int {
            switch self {
            case .float32: 4
            case .float16: 2
            case .int8: 1
            }
        }
    }

    private static let magic: [UInt8] = Array("VFTP".utf8)
    private static let version: UInt8 = 1

    /// The face model that produced the embedding.
    public let modelID: String
    /// The capture quality the integrator's model reported, 0...1.
    public let quality: Float
    /// How the embedding is stored: float32, float16 or int8.
    public let encoding: Encoding
    /// The embedding, decoded from the stored encoding and normalised.
    public let embedding: FaceEmbedding
    /// The stored vector and its int8 step: what the template is, byte for byte.
    private let scale: Float
    private let payload: [UInt8]

    /// Makes a template of `embedding` for `modelID`, stored with `encoding`.
    public init(embedding: FaceEmbedding, modelID: String, quality: Float = 1, encoding: Encoding = .float32) throws {
        try Self.checkModelID(modelID)
        guard (0...1).contains(quality) else {
            throw FaceMatchError(.invalidParameter, "Template quality is 0...1, not \(quality).")
        }
        self.modelID = modelID
        self.quality = quality
        self.encoding = encoding
        (scale, payload) = Self.encode(embedding.values, as: encoding)
        // The embedding as it will be read back, so a template compares the same before and
        // after it is stored.
        self.embedding = try FaceEmbedding(Self.decode(payload[...], encoding: encoding, scale: scale, dimension: embedding.dimension))
    }

    /// Reads a serialised template, refusing every malformed input with a reason.
    public init(serialized bytes: some Collection<UInt8>) throws {
        let bytes = Array(bytes)
        guard bytes.count >= 4 + 4 else { throw FaceMatchError(.malformedTemplate, "\(bytes.count) bytes is too short for a face template.") }
        let stored = bytes.suffix(4).enumerated().reduce(UInt32(0)) { $0 | UInt32($1.element) << (8 * UInt32($1.offset)) }
        guard CRC32.checksum(bytes.dropLast(4)) == stored else {
            throw FaceMatchError(.malformedTemplate, "The face template's checksum does not match: it is corrupt or truncated.")
        }
        var reader = ByteReader(Array(bytes.dropLast(4)), what: "face template")
        guard Array(try reader.take(4)) == Self.magic else { throw FaceMatchError(.malformedTemplate, "The data is not a face template (magic 'VFTP').") }
        let version = try reader.read(UInt8.self)
        guard version == Self.version else {
            throw FaceMatchError(.malformedTemplate, "Face template version \(version) is not supported; this SDK reads version \(Self.version).")
        }
        guard let encoding = Encoding(rawValue: try reader.read(UInt8.self)) else {
            throw FaceMatchError(.malformedTemplate, "The face template names an unknown encoding.")
        }
        let dimension = Int(try reader.read(UInt16.self))
        guard FaceEmbedding.dimensions.contains(dimension) else {
            throw FaceMatchError(.malformedTemplate, "The face template's dimension \(dimension) is outside \(FaceEmbedding.dimensions).")
        }
        let modelID = String(decoding: try reader.take(Int(try reader.read(UInt8.self))), as: UTF8.self)
        guard Self.isValidModelID(modelID) else {
            throw FaceMatchError(.malformedTemplate, "The face template's model id is empty, too long or not printable ASCII.")
        }
        let quality = try reader.readFloat()
        let scale = try reader.readFloat()
        guard (0...1).contains(quality), scale.isFinite, scale > 0 else {
            throw FaceMatchError(.malformedTemplate, "The face template's quality or scale is out of range.")
        }
        let payload = try reader.take(dimension * encoding.bytesPerValue)
        guard reader.remaining == 0 else { throw FaceMatchError(.malformedTemplate, "The face template has \(reader.remaining) bytes after its vector.") }
        do {
            self.embedding = try FaceEmbedding(Self.decode(payload, encoding: encoding, scale: scale, dimension: dimension))
        } catch let error as FaceMatchError {
            throw FaceMatchError(.malformedTemplate, "The face template's vector is invalid: \(error.reason)")
        }
        self.modelID = modelID
        self.quality = quality
        self.encoding = encoding
        self.scale = scale
        self.payload = Array(payload)
    }

    /// The binary form.
    public var serialized: [UInt8] {
        var writer = ByteWriter()
        writer.append(contentsOf: Self.magic)
        writer.append(Self.version)
        writer.append(encoding.rawValue)
        writer.append(UInt16(embedding.dimension))
        writer.append(UInt8(modelID.utf8.count))
        writer.append(contentsOf: modelID.utf8)
        writer.append(quality)
        writer.append(scale)
        writer.append(contentsOf: payload)
        writer.append(CRC32.checksum(writer.bytes))
        return writer.bytes
    }

    public static func == (lhs: FaceTemplate, rhs: FaceTemplate) -> Bool {
        lhs.modelID == rhs.modelID && lhs.quality == rhs.quality && lhs.encoding == rhs.encoding && lhs.scale == rhs.scale
            && lhs.payload == rhs.payload
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(modelID)
        hasher.combine(payload)
    }

    /// Cosine similarity with another template of the same model.
    public func similarity(to other: FaceTemplate) throws -> Float {
        guard modelID == other.modelID else {
            throw FaceMatchError(.modelMismatch, "Templates of models '\(modelID)' and '\(other.modelID)' cannot be compared.")
        }
        return try embedding.cosineSimilarity(to: other.embedding)
    }

    static func checkModelID(_ modelID: String) throws {
        guard isValidModelID(modelID) else {
            throw FaceMatchError(.invalidParameter, "A model id is 1 to 64 printable ASCII characters without spaces.")
        }
    }

    static func isValidModelID(_ modelID: String) -> Bool {
        (1...64).contains(modelID.utf8.count) && modelID.utf8.allSatisfy { (0x21...0x7e).contains($0) }
    }

    /// The stored bytes of a unit vector and the int8 scale (1 for the float encodings).
    static func encode(_ values: [Float], as encoding: Encoding) -> (scale: Float, payload: [UInt8]) {
        var writer = ByteWriter()
        switch encoding {
        case .float32:
            values.forEach { writer.append($0) }
            return (1, writer.bytes)
        case .float16:
            values.forEach { writer.append(Float16($0).bitPattern) }
            return (1, writer.bytes)
        case .int8:
            let scale = Int8Quantization.scale(for: values)
            return (scale, values.map { UInt8(bitPattern: Int8Quantization.quantize($0, scale: scale)) })
        }
    }

    static func decode(_ payload: ArraySlice<UInt8>, encoding: Encoding, scale: Float, dimension: Int) throws -> [Float] {
        var reader = ByteReader(Array(payload), what: "face template vector")
        return try (0..<dimension).map { _ in
            switch encoding {
            case .float32: try reader.readFloat()
            case .float16: Float(Float16(bitPattern: try reader.read(UInt16.self)))
            case .int8: Float(Int8(bitPattern: try reader.read(UInt8.self))) * scale
            }
        }
    }
}

/// Symmetric per-vector int8 quantisation: the largest magnitude maps to 127.
enum Int8Quantization {
    static func scale(for values: [Float]) -> Float {
        let largest = values.reduce(Float(0)) { max($0, abs($1)) }
        return largest > 0 ? largest / 127 : 1
    }

    static func quantize(_ value: Float, scale: Float) -> Int8 {
        Int8(max(-127, min(127, (value / scale).rounded())))
    }

    /// A probe quantised for an integer scan, with its scale.
    static func quantized(_ values: [Float]) -> (scale: Float, values: [Int8]) {
        let scale = scale(for: values)
        return (scale, values.map { quantize($0, scale: scale) })
    }
}
