/// The enrolled vectors in one contiguous, 64-byte aligned block, one row per template, each row
/// padded to a multiple of 64 bytes so every row starts on a cache line.
///
/// Not thread-safe by itself: `FaceGallery` guards it with its lock, and searches only read it
/// while holding the lock for reading, which is what makes sharing it with workers sound.
struct GalleryRows: @unchecked Sendable {
    let dimension: Int
    let bytesPerValue: Int
    let rowStride: Int
    private(set) var base: UnsafeMutableRawPointer
    private(set) var capacity: Int
    private(set) var count = 0

    static let alignment = 64

    init(dimension: Int, bytesPerValue: Int, capacity: Int = 64) {
        self.dimension = dimension
        self.bytesPerValue = bytesPerValue
        rowStride = (dimension * bytesPerValue + Self.alignment - 1) / Self.alignment * Self.alignment
        self.capacity = max(1, capacity)
        base = UnsafeMutableRawPointer.allocate(byteCount: rowStride * self.capacity, alignment: Self.alignment)
        base.initializeMemory(as: UInt8.self, repeating: 0, count: rowStride * self.capacity)
    }

    func deallocate() {
        base.deallocate()
    }

    func row(_ index: Int) -> UnsafeMutableRawPointer { base + index * rowStride }

    /// Appends a row of `bytes`, growing the block by doubling.
    mutating func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { appendRaw($0) }
    }

    mutating func write(_ bytes: [UInt8], at index: Int) {
        bytes.withUnsafeBytes { write($0, at: index) }
    }

    /// Appends a row straight from a buffer.
    mutating func appendRaw(_ bytes: UnsafeRawBufferPointer) {
        let stride = rowStride
        appendRow { row in
            if let source = bytes.baseAddress { row.copyMemory(from: source, byteCount: min(bytes.count, stride)) }
        }
    }

    /// Appends a row that `fill` writes in place (a gallery file's row, read straight into it);
    /// if `fill` throws, the row is not added.
    mutating func appendRow(_ fill: (UnsafeMutableRawPointer) throws -> Void) rethrows {
        if count == capacity { reallocate(capacity: capacity * 2) }
        try fill(row(count))
        count += 1
    }

    /// Drops the rows from `newCount` on (a bulk enrolment undone).
    mutating func truncate(to newCount: Int) {
        count = min(count, max(0, newCount))
    }

    /// Makes room for `total` rows at once, so that enrolling them does not grow by doubling.
    mutating func reserve(_ total: Int) {
        if total > capacity { reallocate(capacity: total) }
    }

    private func write(_ bytes: UnsafeRawBufferPointer, at index: Int) {
        guard let source = bytes.baseAddress else { return }
        row(index).copyMemory(from: source, byteCount: min(bytes.count, rowStride))
    }

    /// Removes row `index` by moving the last row into its place: O(dimension), no rebuild.
    /// Returns the index the last row came from, or nil if `index` was the last row.
    mutating func removeByMovingLast(_ index: Int) -> Int? {
        count -= 1
        guard index != count else { return nil }
        row(index).copyMemory(from: row(count), byteCount: rowStride)
        return count
    }

    private mutating func reallocate(capacity newCapacity: Int) {
        let grown = UnsafeMutableRawPointer.allocate(byteCount: rowStride * newCapacity, alignment: Self.alignment)
        grown.initializeMemory(as: UInt8.self, repeating: 0, count: rowStride * newCapacity)
        grown.copyMemory(from: base, byteCount: rowStride * count)
        base.deallocate()
        base = grown
        capacity = newCapacity
    }
}
