import FaceMatch

/// Deterministic synthetic face data: identities are random unit vectors, captures add
/// Gaussian noise, so genuine and impostor similarities spread like a real model's (genuine
/// around 0.6 to 0.8, impostors around 0 with spread 1/sqrt(dimension)).
struct SyntheticFaces {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func nextUInt64() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }

    /// Uniform in (0, 1).
    mutating func uniform() -> Double {
        (Double(nextUInt64() >> 11) + 0.5) / Double(1 << 53)
    }

    /// Standard normal (Box–Muller).
    mutating func gaussian() -> Float {
        Float((-2 * Foundation.log(uniform())).squareRoot() * Foundation.cos(2 * Double.pi * uniform()))
    }

    mutating func identity(dimension: Int) -> [Float] {
        let raw = (0..<dimension).map { _ in gaussian() }
        let norm = raw.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return raw.map { $0 / norm }
    }

    /// A capture of `identity`: noise of total norm about `noise` added, then normalised.
    mutating func capture(of identity: [Float], noise: Float = 0.8) throws -> FaceEmbedding {
        let scale = noise / Float(identity.count).squareRoot()
        return try FaceEmbedding(identity.map { $0 + scale * gaussian() })
    }
}

import Foundation
