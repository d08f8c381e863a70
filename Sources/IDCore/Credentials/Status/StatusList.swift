/// A status list of the IETF Token Status List (draft-ietf-oauth-status-list): one status of
/// 1, 2, 4 or 8 bits per credential, packed least-significant bits first, published
/// zlib-compressed and base64url-encoded as `lst`.
///
/// Status values: `0` valid, `1` invalid (revoked), `2` suspended, `3` application-specific.
public struct StatusList: Sendable, Hashable {
    /// Bits per status: 1, 2, 4 or 8.
    public let bitsPerStatus: Int
    private var bytes: [UInt8]

    /// The largest list accepted when decoding: 16 MiB, 134 million one-bit statuses.
    public static let maximumSize = 16 * 1024 * 1024

    /// An all-valid list with room for at least `capacity` statuses.
    public init(bitsPerStatus: Int, capacity: Int) throws {
        try Self.checkBits(bitsPerStatus)
        // Compared by division: a capacity near Int.max would overflow the product.
        guard capacity > 0, capacity <= Self.maximumSize * 8 / bitsPerStatus else {
            throw IDCoreError(.invalidParameter, "A status list holds 1 to \(Self.maximumSize * 8 / bitsPerStatus) statuses.")
        }
        self.bitsPerStatus = bitsPerStatus
        self.bytes = [UInt8](repeating: 0, count: (capacity * bitsPerStatus + 7) / 8)
    }

    /// Reads the published form: `lst`, base64url of ZLIB-compressed bytes.
    public init(bitsPerStatus: Int, compressed lst: String) throws {
        try Self.checkBits(bitsPerStatus)
        guard let compressed = Base64URL.decode(lst.utf8) else {
            throw IDCoreError(.statusListUnavailable, "The status list 'lst' is not unpadded base64url.")
        }
        self.bitsPerStatus = bitsPerStatus
        self.bytes = try Zlib.decompress(compressed, limit: Self.maximumSize)
        guard !bytes.isEmpty else { throw IDCoreError(.statusListUnavailable, "The status list is empty.") }
    }

    /// How many statuses the list holds.
    public var count: Int { bytes.count * 8 / bitsPerStatus }

    /// The status at `index`.
    public func status(at index: Int) throws -> UInt8 {
        let (byte, shift) = try position(of: index)
        return bytes[byte] >> shift & mask
    }

    /// Sets the status at `index`; the value must fit the list's bits.
    public mutating func setStatus(_ value: UInt8, at index: Int) throws {
        guard value <= mask else {
            throw IDCoreError(.invalidParameter, "Status \(value) does not fit in \(bitsPerStatus) bits.")
        }
        let (byte, shift) = try position(of: index)
        bytes[byte] = bytes[byte] & ~(mask << shift) | value << shift
    }

    /// The published form of the list: base64url of its ZLIB-compressed bytes.
    public func compressed() throws -> String {
        Base64URL.encode(try Zlib.compress(bytes))
    }

    private var mask: UInt8 { UInt8(truncatingIfNeeded: (1 << bitsPerStatus) - 1) }

    private func position(of index: Int) throws -> (byte: Int, shift: UInt8) {
        guard index >= 0, index < count else {
            throw IDCoreError(.statusListUnavailable, "Status index \(index) is outside the list of \(count).")
        }
        let bit = index * bitsPerStatus
        return (bit / 8, UInt8(bit % 8))
    }

    private static func checkBits(_ bits: Int) throws {
        guard [1, 2, 4, 8].contains(bits) else {
            throw IDCoreError(.invalidParameter, "A status list has 1, 2, 4 or 8 bits per status, not \(bits).")
        }
    }
}

/// Where a credential's status is kept: `{"status_list": {"idx": 7, "uri": "https://…"}}`.
public struct StatusListReference: Sendable, Hashable, Codable {
    /// The index of the credential in the list.
    public let index: Int
    /// Where the status list token is published.
    public let uri: String

    /// Creates a reference to entry `index` of the status list published at `uri`.
    public init(index: Int, uri: String) {
        self.index = index
        self.uri = uri
    }

    var claim: JSONValue {
        .object(["status_list": .object(["idx": .integer(Int64(index)), "uri": .string(uri)])])
    }

    /// The mdoc binding of the status-list draft: the MSO's `status` member,
    /// `{"status_list": {"idx": uint, "uri": tstr}}`.
    var mdocStatus: CBORValue {
        .map(["status_list": .map(["idx": .unsigned(UInt64(index)), "uri": .text(uri)])])
    }

    init?(mdocStatus: CBORValue) {
        guard let list = mdocStatus.mapValue?["status_list"]?.mapValue, case .unsigned(let index) = list["idx"], let uri = list["uri"]?.textValue,
              index <= UInt64(Int.max) else { return nil }
        self.init(index: Int(index), uri: uri)
    }

    init?(claim: JSONValue) {
        guard let list = claim["status_list"], let index = list["idx"]?.integerValue, let uri = list["uri"]?.stringValue,
              index >= 0, index <= Int64(Int.max)
        else { return nil }
        self.init(index: Int(index), uri: uri)
    }
}

/// What a verifier learns of a credential's status.
public enum CredentialStatus: Sendable, Hashable, CustomStringConvertible {
    /// `0`: the credential is valid.
    case valid
    /// `1`: revoked for good.
    case revoked
    /// `2`: temporarily not valid.
    case suspended
    /// `3` or above: an application-specific value.
    case other(UInt8)
    /// The list could not be fetched, verified or read: never "valid", never "revoked".
    case unknown(reason: String)

    init(value: UInt8) {
        switch value {
        case 0: self = .valid
        case 1: self = .revoked
        case 2: self = .suspended
        default: self = .other(value)
        }
    }

    public var description: String {
        switch self {
        case .valid: "valid"
        case .revoked: "revoked"
        case .suspended: "suspended"
        case .other(let value): "status \(value)"
        case .unknown(let reason): "unknown (\(reason))"
        }
    }
}
