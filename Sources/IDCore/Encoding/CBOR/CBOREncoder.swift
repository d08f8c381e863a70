/// Writes CBOR (RFC 8949) with definite lengths and every integer, length and float in its
/// shortest form (preferred serialization, §4.1). Maps are written in core deterministic order
/// (§4.2.1: keys sorted by the bytes of their encodings), as ISO/IEC 18013-5 asks of the
/// structures it signs, or in the order given when a structure must be written back as it was
/// read.
public enum CBOREncoder {
    /// How map entries are ordered.
    public enum MapOrder: Sendable {
        /// Keys sorted by the bytewise order of their encodings: the same value always gives the
        /// same bytes.
        case deterministic
        /// Entries in the order the map holds them.
        case asGiven
    }

    /// The encoding of `value`: deterministic (RFC 8949 §4.2.1) unless `mapOrder` is
    /// ``MapOrder/asGiven``.
    public static func encode(_ value: CBORValue, mapOrder: MapOrder = .deterministic) -> [UInt8] {
        var bytes: [UInt8] = []
        append(value, to: &bytes, mapOrder: mapOrder)
        return bytes
    }

    /// Tag 24 around the byte string `encoded`, an item already encoded: what 18013-5 digests
    /// and signs as its `…Bytes` structures, written in one allocation.
    static func encodeEmbedded(_ encoded: [UInt8]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(encoded.count + 11)
        head(6, CBORValue.embeddedCBORTag, &bytes)
        head(2, UInt64(encoded.count), &bytes)
        bytes += encoded
        return bytes
    }

    private static func append(_ value: CBORValue, to bytes: inout [UInt8], mapOrder: MapOrder) {
        switch value {
        case .unsigned(let number): head(0, number, &bytes)
        case .negative(let number): head(1, number, &bytes)
        case .bytes(let content):
            head(2, UInt64(content.count), &bytes)
            bytes += content
        case .text(let text):
            head(3, UInt64(text.utf8.count), &bytes)
            bytes += text.utf8
        case .array(let items):
            head(4, UInt64(items.count), &bytes)
            for item in items { append(item, to: &bytes, mapOrder: mapOrder) }
        case .map(let map):
            head(5, UInt64(map.count), &bytes)
            var encoded = map.entries.map { (key: encode($0.key, mapOrder: mapOrder), value: $0.value) }
            if mapOrder == .deterministic { encoded.sort { $0.key.lexicographicallyPrecedes($1.key) } }
            for entry in encoded {
                bytes += entry.key
                append(entry.value, to: &bytes, mapOrder: mapOrder)
            }
        case .tagged(let tag, let item):
            head(6, tag, &bytes)
            append(item, to: &bytes, mapOrder: mapOrder)
        case .bool(let flag): bytes.append(flag ? 0xf5 : 0xf4)
        case .null: bytes.append(0xf6)
        case .undefined: bytes.append(0xf7)
        case .simple(let number):
            if number < 24 { bytes.append(0xe0 | number) } else { bytes += [0xf8, number] }
        case .float(let number): bytes += shortestFloat(number)
        }
    }

    /// An initial byte of `major` type with `argument` in its shortest form.
    private static func head(_ major: UInt8, _ argument: UInt64, _ bytes: inout [UInt8]) {
        let type = major << 5
        switch argument {
        case 0..<24: bytes.append(type | UInt8(argument))
        case 24...0xff: bytes += [type | 24, UInt8(argument)]
        case 0x100...0xffff: bytes.append(type | 25); appendBigEndian(argument, count: 2, &bytes)
        case 0x1_0000...0xffff_ffff: bytes.append(type | 26); appendBigEndian(argument, count: 4, &bytes)
        default: bytes.append(type | 27); appendBigEndian(argument, count: 8, &bytes)
        }
    }

    private static func appendBigEndian(_ value: UInt64, count: Int, _ bytes: inout [UInt8]) {
        for shift in stride(from: (count - 1) * 8, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
    }

    /// The shortest of half, single and double precision that holds `value` exactly (NaN as
    /// the half-precision quiet NaN, as §4.2.2 suggests).
    static func shortestFloat(_ value: Double) -> [UInt8] {
        if value.isNaN { return [0xf9, 0x7e, 0x00] }
        let half = Float16(value)
        if Double(half) == value {
            var bytes: [UInt8] = [0xf9]
            appendBigEndian(UInt64(half.bitPattern), count: 2, &bytes)
            return bytes
        }
        let single = Float(value)
        if Double(single) == value {
            var bytes: [UInt8] = [0xfa]
            appendBigEndian(UInt64(single.bitPattern), count: 4, &bytes)
            return bytes
        }
        var bytes: [UInt8] = [0xfb]
        appendBigEndian(value.bitPattern, count: 8, &bytes)
        return bytes
    }
}
