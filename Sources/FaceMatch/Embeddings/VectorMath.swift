/// The vector kernels of FaceMatch, on Swift's portable SIMD types.
enum VectorMath {
    /// The dot product, sixteen lanes at a time with four independent accumulators so that the
    /// additions do not wait on each other.
    static func dot(_ lhs: [Float], _ rhs: [Float]) -> Float {
        lhs.withUnsafeBufferPointer { left in
            rhs.withUnsafeBufferPointer { right in dot(left, right, count: min(left.count, right.count)) }
        }
    }

    static func dot(_ left: UnsafeBufferPointer<Float>, _ right: UnsafeBufferPointer<Float>, count: Int) -> Float {
        guard let leftBase = left.baseAddress, let rightBase = right.baseAddress else { return 0 }
        var accumulators = (SIMD16<Float>.zero, SIMD16<Float>.zero, SIMD16<Float>.zero, SIMD16<Float>.zero)
        var index = 0
        let leftRaw = UnsafeRawPointer(leftBase)
        let rightRaw = UnsafeRawPointer(rightBase)
        let stride = MemoryLayout<Float>.stride
        while index + 64 <= count {
            accumulators.0 += leftRaw.loadUnaligned(fromByteOffset: index * stride, as: SIMD16<Float>.self)
                * rightRaw.loadUnaligned(fromByteOffset: index * stride, as: SIMD16<Float>.self)
            accumulators.1 += leftRaw.loadUnaligned(fromByteOffset: (index + 16) * stride, as: SIMD16<Float>.self)
                * rightRaw.loadUnaligned(fromByteOffset: (index + 16) * stride, as: SIMD16<Float>.self)
            accumulators.2 += leftRaw.loadUnaligned(fromByteOffset: (index + 32) * stride, as: SIMD16<Float>.self)
                * rightRaw.loadUnaligned(fromByteOffset: (index + 32) * stride, as: SIMD16<Float>.self)
            accumulators.3 += leftRaw.loadUnaligned(fromByteOffset: (index + 48) * stride, as: SIMD16<Float>.self)
                * rightRaw.loadUnaligned(fromByteOffset: (index + 48) * stride, as: SIMD16<Float>.self)
            index += 64
        }
        while index + 16 <= count {
            accumulators.0 += leftRaw.loadUnaligned(fromByteOffset: index * stride, as: SIMD16<Float>.self)
                * rightRaw.loadUnaligned(fromByteOffset: index * stride, as: SIMD16<Float>.self)
            index += 16
        }
        var sum = ((accumulators.0 + accumulators.1) + (accumulators.2 + accumulators.3)).sum()
        while index < count {
            sum += leftBase[index] * rightBase[index]
            index += 1
        }
        return sum
    }
}
