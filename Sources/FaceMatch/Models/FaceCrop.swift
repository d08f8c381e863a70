/// How a crop's pixels are laid out: interleaved channels, one byte each, rows top to bottom.
public enum PixelLayout: String, Sendable, Hashable, CaseIterable {
    /// Red, green, blue.
    case rgb8
    /// Blue, green, red (OpenCV's order).
    case bgr8
    /// One grey channel.
    case gray8

    /// Bytes per pixel.
    public var channels: Int { self == .gray8 ? 1 : 3 }
}

/// An aligned face crop, as a face-embedding model takes it: a fixed size and layout, the face
/// aligned to the model's reference landmarks (``FaceModelInput``).
public struct FaceCrop: Sendable, Hashable {
    /// The width in pixels.
    public let width: Int
    /// The height in pixels.
    public let height: Int
    /// How the pixels are laid out.
    public let layout: PixelLayout
    /// `width × height × layout.channels` bytes, rows top to bottom.
    public let pixels: [UInt8]

    /// Creates a crop; throws `invalid-parameter` unless the sizes are positive and the pixels
    /// fill them exactly.
    public init(width: Int, height: Int, layout: PixelLayout, pixels: [UInt8]) throws {
        guard (1...4096).contains(width), (1...4096).contains(height) else {
            throw FaceMatchError(.invalidParameter, "A face crop is 1 to 4096 pixels each way, not \(width) × \(height).")
        }
        guard pixels.count == width * height * layout.channels else {
            throw FaceMatchError(.invalidParameter, "A \(width) × \(height) \(layout.rawValue) crop has \(width * height * layout.channels) bytes, not \(pixels.count).")
        }
        self.width = width
        self.height = height
        self.layout = layout
        self.pixels = pixels
    }
}
