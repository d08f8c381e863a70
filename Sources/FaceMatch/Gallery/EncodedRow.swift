/// A template as a gallery stores it: its scanned row with its scale and, for `int8Refined`,
/// the residual row that re-scores it.
struct EncodedRow {
    let scale: Float
    let bytes: [UInt8]
    let residual: (scale: Float, bytes: [UInt8])?
}

extension GalleryStorage {
    /// Encodes a unit vector for this storage.
    func encode(_ values: [Float]) -> EncodedRow {
        switch self {
        case .float32:
            let (scale, bytes) = FaceTemplate.encode(values, as: .float32)
            return EncodedRow(scale: scale, bytes: bytes, residual: nil)
        case .int8:
            let (scale, bytes) = FaceTemplate.encode(values, as: .int8)
            return EncodedRow(scale: scale, bytes: bytes, residual: nil)
        case .int8Refined:
            let (scale, bytes) = FaceTemplate.encode(values, as: .int8)
            // What the first byte left over, quantised the same way: the two together are
            // within about 1/127² of the value.
            let rest = zip(values, bytes).map { $0 - Float(Int8(bitPattern: $1)) * scale }
            let residual = FaceTemplate.encode(rest, as: .int8)
            return EncodedRow(scale: scale, bytes: bytes, residual: (residual.scale, residual.payload))
        }
    }
}
