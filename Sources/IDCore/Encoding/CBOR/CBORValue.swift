/// One CBOR data item (RFC 8949), as ``CBORDecoder`` reads it and ``CBOREncoder`` writes it.
///
/// Integers keep CBOR's two major types, so every value from -2⁶⁴ to 2⁶⁴-1 round-trips; maps keep
/// their entries in order (a decoded map in the order it arrived), so a structure can be
/// written back as it was read when a signature covers its bytes.
///
/// Only a tag's content is boxed: every other case holds its value inline (arrays, maps and
/// strings keep their own storage), so decoding allocates once per string or container, not
/// once per item.
public enum CBORValue: Hashable, Sendable {
    /// Major type 0: 0 ... 2⁶⁴-1.
    case unsigned(UInt64)
    /// Major type 1: the integer -1 - n.
    case negative(UInt64)
    /// Major type 2: a byte string.
    case bytes([UInt8])
    /// Major type 3: a UTF-8 text string.
    case text(String)
    /// Major type 4.
    case array([CBORValue])
    /// Major type 5.
    case map(CBORMap)
    /// Major type 6: a tag number and the item it tags (24: embedded CBOR, 0 and 1004: dates).
    indirect case tagged(UInt64, CBORValue)
    /// `false` and `true`.
    case bool(Bool)
    /// Simple value 22.
    case null
    /// Simple value 23.
    case undefined
    /// A simple value other than false, true, null and undefined (0 ... 19, 32 ... 255).
    case simple(UInt8)
    /// A half-, single- or double-precision float, held as a double.
    case float(Double)

    /// Tag 24: an item embedded as the bytes of its own encoding (RFC 8949 §3.4.5.1).
    public static let embeddedCBORTag: UInt64 = 24
    /// Tag 0: a date and time as RFC 3339 text.
    public static let dateTimeTag: UInt64 = 0
    /// Tag 1: a date and time as seconds since the epoch.
    public static let epochTimeTag: UInt64 = 1
    /// Tag 1004: a full date as RFC 3339 `full-date` text (RFC 8943).
    public static let fullDateTag: UInt64 = 1004

    /// An integer as a CBOR value.
    public static func integer(_ value: Int64) -> CBORValue {
        value >= 0 ? .unsigned(UInt64(value)) : .negative(UInt64(-1 - value))
    }

    /// `item` embedded as tag 24 around the bytes of its encoding, map keys in `mapOrder`
    /// (deterministic unless a structure must be written as it was given).
    public static func embedded(_ item: CBORValue, mapOrder: CBOREncoder.MapOrder = .deterministic) -> CBORValue {
        embedded(encoded: CBOREncoder.encode(item, mapOrder: mapOrder))
    }

    /// Tag 24 around `bytes`, an item already encoded (and kept as it is).
    public static func embedded(encoded bytes: [UInt8]) -> CBORValue {
        .tagged(embeddedCBORTag, .bytes(bytes))
    }

    /// The value as an `Int64`, when it is an integer in its range.
    public var int64Value: Int64? {
        switch self {
        case .unsigned(let value): value <= UInt64(Int64.max) ? Int64(value) : nil
        case .negative(let value): value <= UInt64(Int64.max) ? -1 - Int64(value) : nil
        default: nil
        }
    }

    /// The value when it is a text string.
    public var textValue: String? {
        if case .text(let text) = self { text } else { nil }
    }

    /// The value when it is a byte string.
    public var bytesValue: [UInt8]? {
        if case .bytes(let bytes) = self { bytes } else { nil }
    }

    /// The value when it is a array.
    public var arrayValue: [CBORValue]? {
        if case .array(let items) = self { items } else { nil }
    }

    /// The value when it is a map.
    public var mapValue: CBORMap? {
        if case .map(let map) = self { map } else { nil }
    }

    /// The value when it is a `true` or `false`.
    public var boolValue: Bool? {
        if case .bool(let value) = self { value } else { nil }
    }

    /// The bytes inside tag 24, when the value is embedded CBOR.
    public var embeddedBytes: [UInt8]? {
        if case .tagged(Self.embeddedCBORTag, .bytes(let bytes)) = self { bytes } else { nil }
    }
}

extension CBORValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral {
    public init(stringLiteral value: String) { self = .text(value) }
    public init(integerLiteral value: Int64) { self = .integer(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: CBORValue...) { self = .array(elements) }
}

/// A CBOR map: its entries in order, looked up by key. Keys are unique: the decoder refuses a
/// map that repeats one (RFC 8949 §5.6), and `init(_:)` throws on one.
public struct CBORMap: Hashable, Sendable, Sequence, ExpressibleByDictionaryLiteral {
    /// One key and its value.
    public struct Entry: Hashable, Sendable {
        /// The entry's key, unique in its map.
        public let key: CBORValue
        /// The value the key maps to.
        public let value: CBORValue
    }

    /// The entries in order: as decoded, or as given.
    public private(set) var entries: [Entry]

    /// A map of `pairs` in that order; throws `malformed-cbor` when a key repeats.
    public init(_ pairs: [(CBORValue, CBORValue)]) throws {
        var seen = Set<CBORValue>()
        for (key, _) in pairs where !seen.insert(key).inserted {
            throw IDCoreError(.malformedCBOR, "A CBOR map repeats the key \(key).")
        }
        entries = pairs.map { Entry(key: $0.0, value: $0.1) }
    }

    /// Entries already known to have distinct keys (the decoder has checked them).
    init(checked entries: [Entry]) {
        self.entries = entries
    }

    /// A literal map; a repeated key keeps the first value (a literal is the program's own).
    public init(dictionaryLiteral elements: (CBORValue, CBORValue)...) {
        var seen = Set<CBORValue>()
        entries = elements.filter { seen.insert($0.0).inserted }.map { Entry(key: $0.0, value: $0.1) }
    }

    /// The number of entries.
    public var count: Int { entries.count }

    /// The value of `key`, or nil when the map has no such key.
    public subscript(key: CBORValue) -> CBORValue? {
        entries.first { $0.key == key }?.value
    }

    public func makeIterator() -> IndexingIterator<[Entry]> { entries.makeIterator() }
}

extension CBORValue: CustomStringConvertible {
    /// CBOR diagnostic notation (RFC 8949 §8), with byte strings in hex.
    public var description: String {
        switch self {
        case .unsigned(let value): "\(value)"
        case .negative(let value): value == .max ? "-18446744073709551616" : "-\(value + 1)"
        case .bytes(let bytes): "h'\(bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined())'"
        case .text(let text): "\"\(text)\""
        case .array(let items): "[\(items.map(\.description).joined(separator: ", "))]"
        case .map(let map): "{\(map.entries.map { "\($0.key): \($0.value)" }.joined(separator: ", "))}"
        case .tagged(let tag, let item): "\(tag)(\(item))"
        case .bool(let value): "\(value)"
        case .null: "null"
        case .undefined: "undefined"
        case .simple(let value): "simple(\(value))"
        case .float(let value): value.isNaN ? "NaN" : value.isInfinite ? (value > 0 ? "Infinity" : "-Infinity") : "\(value)"
        }
    }
}
