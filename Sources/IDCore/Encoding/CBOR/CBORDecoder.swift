/// A strict CBOR decoder (RFC 8949) for data that arrives from outside: a wallet's device
/// response, an issuer's signed object.
///
/// It reads exactly one well-formed, valid item and refuses, with `malformed-cbor`:
/// truncated input and trailing bytes; reserved additional information (28 ... 30) and a break
/// outside an indefinite item; indefinite lengths unless ``Limits/allowsIndefiniteLength``;
/// text that is not UTF-8; a map that repeats a key; a simple value below 32 in two bytes;
/// tags 0, 1, 1004 and 24 around the wrong kind of item (and tag 24 around bytes that are not
/// one CBOR item); nesting deeper than ``Limits/maximumDepth`` or more items than
/// ``Limits/maximumItems``. A declared length longer than what is left of the input is refused
/// before anything is allocated, so a few bytes cannot ask for gigabytes. With
/// `deterministic: true` it also refuses what core deterministic encoding (§4.2.1) does not
/// produce: an integer, length or float not in its shortest form, and map keys out of order.
public struct CBORDecoder: Sendable {
    /// Bounds on what one decode may build.
    public struct Limits: Sendable, Hashable {
        /// Arrays, maps and tags nested inside each other.
        public var maximumDepth: Int
        /// Data items in all.
        public var maximumItems: Int
        /// Whether indefinite-length strings, arrays and maps are read (18013-5 structures use
        /// definite lengths; some encoders do not).
        public var allowsIndefiniteLength: Bool

        /// Limits for structures the size of a device response: 32 levels, 100,000 items,
        /// definite lengths only.
        public init(maximumDepth: Int = 32, maximumItems: Int = 100_000, allowsIndefiniteLength: Bool = false) {
            self.maximumDepth = maximumDepth
            self.maximumItems = maximumItems
            self.allowsIndefiniteLength = allowsIndefiniteLength
        }
    }

    /// The bounds every decode of this decoder keeps to.
    public var limits: Limits
    /// Whether only core deterministic encoding is accepted.
    public var deterministic: Bool

    /// A decoder with `limits`, accepting any preferred or non-preferred encoding unless
    /// `deterministic`.
    public init(limits: Limits = Limits(), deterministic: Bool = false) {
        self.limits = limits
        self.deterministic = deterministic
    }

    /// Decodes the one item `bytes` hold.
    public func decode(_ bytes: some Collection<UInt8>) throws -> CBORValue {
        try read(bytes) { try $0.readValue(depth: 0) }
    }
}
