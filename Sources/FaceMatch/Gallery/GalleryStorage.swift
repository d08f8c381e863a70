/// How a ``FaceGallery`` stores its templates.
public enum GalleryStorage: UInt8, Sendable, Hashable, CaseIterable {
    /// Four bytes per value: exact scores.
    case float32 = 1
    /// One byte per value with a scale per row: a quarter of the memory, approximate scores.
    case int8 = 3
    /// The int8 scan, and a second byte per value (the int8 code of what the first left
    /// over) that re-scores its shortlist: 2 bytes per value and 8 per template, the scores
    /// of float32 within about 1e-4.
    case int8Refined = 4

    /// Bytes per value of the scanned rows.
    var bytesPerValue: Int { self == .float32 ? 4 : 1 }

    /// Whether rows carry a residual row that re-scores them.
    var hasResidual: Bool { self == .int8Refined }
}
