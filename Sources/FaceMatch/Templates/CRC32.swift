/// CRC-32 (IEEE 802.3, the zlib polynomial): the integrity check of templates and gallery files.
///
/// It detects accidental corruption; authenticity comes from the credential's signature that
/// carries a template, not from this checksum. Computed eight bytes at a time ("slicing by 8"),
/// so that checking a gallery file of a million templates takes a fraction of a second per
/// hundred megabytes rather than seconds.
enum CRC32 {
    /// tables[0] is the classic byte table; tables[k] advances a byte k positions further.
    private static let tables: [[UInt32]] = {
        var tables = [[UInt32]](repeating: [UInt32](repeating: 0, count: 256), count: 8)
        for byte in 0..<256 {
            tables[0][byte] = (0..<8).reduce(UInt32(byte)) { value, _ in value & 1 == 1 ? 0xEDB8_8320 ^ (value >> 1) : value >> 1 }
        }
        for slice in 1..<8 {
            for byte in 0..<256 {
                let previous = tables[slice - 1][byte]
                tables[slice][byte] = (previous >> 8) ^ tables[0][Int(previous & 0xff)]
            }
        }
        return tables
    }()

    static func checksum(_ bytes: some Collection<UInt8>) -> UInt32 {
        var running = Running()
        if bytes.withContiguousStorageIfAvailable({ running.update(UnsafeRawBufferPointer($0)) }) == nil {
            Array(bytes).withUnsafeBytes { running.update($0) }
        }
        return running.value
    }

    /// A checksum taken a piece at a time, for files read and written in chunks.
    struct Running {
        private var state: UInt32 = 0xFFFF_FFFF

        /// The checksum of every byte given so far.
        var value: UInt32 { ~state }

        mutating func update(_ buffer: UnsafeRawBufferPointer) {
            let bytes = buffer
            var crc = state
            var index = 0
            let count = bytes.count
            CRC32.tables.withUnsafeBufferPointer { t in
                let t0 = t[0], t1 = t[1], t2 = t[2], t3 = t[3], t4 = t[4], t5 = t[5], t6 = t[6], t7 = t[7]
                while index + 8 <= count {
                    let low = crc ^ (UInt32(bytes[index]) | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2]) << 16 | UInt32(bytes[index + 3]) << 24)
                    crc = t7[Int(low & 0xff)] ^ t6[Int(low >> 8 & 0xff)] ^ t5[Int(low >> 16 & 0xff)] ^ t4[Int(low >> 24)]
                        ^ t3[Int(bytes[index + 4])] ^ t2[Int(bytes[index + 5])] ^ t1[Int(bytes[index + 6])] ^ t0[Int(bytes[index + 7])]
                    index += 8
                }
                while index < count {
                    crc = t0[Int((crc ^ UInt32(bytes[index])) & 0xff)] ^ (crc >> 8)
                    index += 1
                }
            }
            state = crc
        }
    }
}
