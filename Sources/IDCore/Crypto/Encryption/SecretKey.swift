import Foundation

/// A secret key for ``AESGCM``, ``SM4CTRHMACSM3`` and ``SealedMessage``. Its bytes never print.
public struct SecretKey: Sendable, Hashable, CustomStringConvertible, CustomReflectable {
    let bytes: Data

    /// Wraps existing key bytes (16, 24 or 32 bytes for AES; 32 bytes for sealed boxes).
    public init(data: some DataProtocol) throws {
        guard [16, 24, 32].contains(data.count) else {
            throw IDCoreError(.invalidParameter, "A symmetric key is 16, 24 or 32 bytes; this one is \(data.count).")
        }
        self.bytes = Data(data)
    }

    /// Draws a new 256-bit key (or `byteCount` bytes) from `random`.
    public init(byteCount: Int = 32, random: some RandomByteSource = SecureRandom()) throws {
        try self.init(data: random.bytes(count: byteCount))
    }

    /// The key length in bits.
    public var bitCount: Int { bytes.count * 8 }

    /// The key bytes, for storing the key in a keychain or HSM. Handle with care.
    public var rawRepresentation: Data { bytes }

    public var description: String { "SecretKey(\(bitCount) bits)" }

    /// What `dump` and debuggers show: the size, never the bytes.
    public var customMirror: Mirror { Mirror(self, children: ["bitCount": bitCount], displayStyle: .struct) }

    public static func == (lhs: SecretKey, rhs: SecretKey) -> Bool {
        ConstantTime.equals(lhs.bytes, rhs.bytes)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(bytes)
    }
}
